// Errors of the protocol layer. Callers (the step executor, the summarizer) must tell a broken
// browser from a product failure, so every error carries a kind, not just a message.
#pragma once

#include <stdexcept>
#include <string>

namespace cdp {

enum class ErrorKind {
  kLaunch,        // the browser could not be started or did not become ready
  kDisconnected,  // the transport closed or the browser process exited
  kPageCrashed,   // the page's renderer crashed running it (a signal, an abnormal exit)
  kRendererGone,  // the page's renderer was ended from outside (killed, no memory) or for no
                  // reason the browser gave
  kTimeout,       // no reply within the call's timeout
  kProtocol,      // the browser answered the command with a CDP error reply
  kNavigation,    // a navigation failed with a net error (net::ERR_...)
  kEvaluation,    // page JavaScript threw
  kMalformed,     // a message that is not valid CDP JSON
};

const char* ErrorKindName(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// A CDP error reply: {"id":N,"error":{"code":C,"message":M}} to a command `method`.
class ProtocolError : public Error {
 public:
  ProtocolError(std::string method, int code, std::string protocol_message);
  const std::string& method() const { return method_; }
  int code() const { return code_; }
  const std::string& protocol_message() const { return protocol_message_; }

 private:
  std::string method_;
  int code_;
  std::string protocol_message_;
};

}  // namespace cdp
