#include "cdp/error.h"

namespace cdp {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kLaunch:
      return "launch";
    case ErrorKind::kDisconnected:
      return "disconnected";
    case ErrorKind::kPageCrashed:
      return "page_crashed";
    case ErrorKind::kRendererGone:
      return "renderer_gone";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kProtocol:
      return "protocol";
    case ErrorKind::kNavigation:
      return "navigation";
    case ErrorKind::kEvaluation:
      return "evaluation";
    case ErrorKind::kMalformed:
      return "malformed";
  }
  return "unknown";
}

ProtocolError::ProtocolError(std::string method, int code, std::string protocol_message)
    : Error(ErrorKind::kProtocol,
            method + " failed: " + protocol_message + " (code " + std::to_string(code) + ")"),
      method_(std::move(method)),
      code_(code),
      protocol_message_(std::move(protocol_message)) {}

}  // namespace cdp
