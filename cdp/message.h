// What the browser sends, decoded: a reply to a command, an event, or something that is not
// CDP. Kept apart from the Connection (which routes and waits) so that the decoding of this
// untrusted text can be tested and fuzzed on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace cdp {

// {"id":N,"error":{"code":C,"message":M,"data":D}}: M, with ": D" when D is given.
struct ReplyError {
  int code = 0;  // 0 when absent or out of int's range
  std::string message;
};

// {"id":N,"result":{...}} or an error reply.
struct IncomingReply {
  uint64_t id = 0;
  nlohmann::json result = nlohmann::json::object();  // {} when absent or when `error` is set
  std::optional<ReplyError> error;
};

// {"method":M,"params":{...},"sessionId":S}: S is "" for the browser's own events.
struct IncomingEvent {
  std::string method;
  std::string session_id;
  nlohmann::json params = nlohmann::json::object();  // always an object
};

// Not valid CDP; `problem` says why and quotes the start of the text.
struct MalformedMessage {
  std::string problem;
};

using IncomingMessage = std::variant<IncomingReply, IncomingEvent, MalformedMessage>;

// Decodes one message. Never throws, except std::bad_alloc.
IncomingMessage DecodeMessage(std::string_view text);

}  // namespace cdp
