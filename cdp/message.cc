// The shapes of CDP's messages, checked field by field: the browser is trusted to be a
// browser, not to be well-formed (a crashed renderer, a truncated pipe, another version).
#include "cdp/message.h"

#include <limits>

#include "cdp/json_fields.h"

namespace cdp {

namespace {

using Json = nlohmann::json;

// V8 serializes a value for returnByValue up to 1000 levels deep, and a message wraps it in a
// few more. Deeper is not a browser's message: copying, printing or comparing it recurses once
// per level and would overflow the stack (a 100,000-deep error reply crashed cujo).
constexpr int kMaxDepth = 1100;

std::string Abbreviate(std::string_view text) {
  constexpr size_t kMax = 200;
  if (text.size() <= kMax) return std::string(text);
  return std::string(text.substr(0, kMax)) + "... (" + std::to_string(text.size()) + " bytes)";
}

int ErrorCode(const Json& error) {
  auto code = error.find("code");
  if (code == error.end() || !code->is_number_integer()) return 0;
  if (code->is_number_unsigned()) {
    auto value = code->get<uint64_t>();
    return value <= static_cast<uint64_t>(std::numeric_limits<int>::max()) ? static_cast<int>(value)
                                                                           : 0;
  }
  auto value = code->get<int64_t>();
  return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max()
             ? static_cast<int>(value)
             : 0;
}

ReplyError DecodeError(const Json& error) {
  if (!error.is_object()) return {0, error.dump()};
  ReplyError decoded{ErrorCode(error), StringField(error, "message")};
  std::string data = StringField(error, "data");
  if (!data.empty()) decoded.message += ": " + data;
  return decoded;
}

}  // namespace

IncomingMessage DecodeMessage(std::string_view text) {
  // The parser itself keeps its own stack, not the call stack's: it only has to stop
  // building values below kMaxDepth.
  bool too_deep = false;
  auto limit_depth = [&too_deep](int depth, Json::parse_event_t, Json&) {
    if (depth > kMaxDepth) too_deep = true;
    return !too_deep;
  };
  Json message = Json::parse(text, limit_depth, /*allow_exceptions=*/false);
  if (too_deep) {
    return MalformedMessage{"message nested more than " + std::to_string(kMaxDepth) +
                            " levels deep: " + Abbreviate(text)};
  }
  if (message.is_discarded() || !message.is_object()) {
    return MalformedMessage{"malformed message: " + Abbreviate(text)};
  }
  auto id = message.find("id");
  if (id != message.end()) {
    if (!id->is_number_unsigned()) {
      return MalformedMessage{"reply with a bad id: " + Abbreviate(text)};
    }
    IncomingReply reply;
    reply.id = id->get<uint64_t>();
    auto error = message.find("error");
    if (error != message.end()) {
      reply.error = DecodeError(*error);
      return reply;
    }
    auto result = message.find("result");
    if (result != message.end() && !result->is_object()) {
      // Fails the call it answers: callers read fields of the result.
      reply.error = ReplyError{0, "reply with a result that is not an object: " + Abbreviate(text)};
    } else if (result != message.end()) {
      reply.result = std::move(*result);
    }
    return reply;
  }
  auto method = message.find("method");
  if (method == message.end() || !method->is_string()) {
    return MalformedMessage{"message with neither id nor method: " + Abbreviate(text)};
  }
  IncomingEvent event;
  event.method = method->get<std::string>();
  auto session = message.find("sessionId");
  if (session != message.end()) {
    if (!session->is_string()) {
      return MalformedMessage{"event with a bad sessionId: " + Abbreviate(text)};
    }
    event.session_id = session->get<std::string>();
  }
  auto params = message.find("params");
  if (params != message.end()) {
    if (!params->is_object()) {
      return MalformedMessage{"event with params that are not an object: " + Abbreviate(text)};
    }
    event.params = std::move(*params);
  }
  return event;
}

}  // namespace cdp
