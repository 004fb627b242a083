// Fuzz target: what a browser sends over --remote-debugging-pipe, from bytes to messages. The
// stream is split by NulFramer, fed in chunks the input chooses, and every message it frames
// goes through DecodeMessage. A browser is a big, crash-prone peer: its output must never
// crash, hang or confuse cujo, whatever the bytes.
//
// Input: the first byte chooses the chunking and the size limit (bits 0-6: the largest chunk,
// 0 = the whole stream at once; bit 7: a 64-byte limit instead of 1 MiB); the rest is the
// stream. The corpus holds messages captured from Debian's Chromium, NUL-terminated.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cdp/message.h"
#include "cdp/nul_framer.h"

namespace {

using Json = nlohmann::json;

struct Framed {
  std::vector<std::string> messages;
  bool ok = true;
  size_t pending = 0;
};

Framed Frame(std::string_view stream, size_t limit, size_t max_chunk, uint32_t seed) {
  cdp::NulFramer framer(limit);
  Framed framed;
  auto keep = [&](std::string message) { framed.messages.push_back(std::move(message)); };
  while (framed.ok && !stream.empty()) {
    size_t size = stream.size();
    if (max_chunk != 0) {
      seed = seed * 1103515245u + 12345u;
      size = std::min(size, 1 + (seed >> 16) % max_chunk);
    }
    framed.ok = framer.Feed(stream.substr(0, size), keep);
    stream.remove_prefix(size);
  }
  framed.pending = framer.pending_bytes();
  return framed;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

// The framing of a stream does not depend on how it was chunked, and loses or adds nothing.
void CheckFraming(std::string_view stream, size_t limit, const Framed& framed) {
  Framed whole = Frame(stream, limit, 0, 0);
  Check(framed.ok == whole.ok && framed.messages == whole.messages);
  std::string rebuilt;
  for (const std::string& message : framed.messages) {
    Check(message.size() <= limit && message.find('\0') == std::string::npos);
    rebuilt += message;
    rebuilt += '\0';
  }
  Check(stream.substr(0, rebuilt.size()) == rebuilt);
  std::string_view rest = stream.substr(rebuilt.size());
  std::string_view next = rest.substr(0, rest.find('\0'));
  if (framed.ok) {
    Check(framed.pending == rest.size() && next.size() == rest.size() && next.size() <= limit);
  } else {
    Check(next.size() > limit);
  }
}

cdp::IncomingMessage Decode(const std::string& text) {
  try {
    return cdp::DecodeMessage(text);
  } catch (const std::bad_alloc&) {
    throw;  // documented; libFuzzer's -rss_limit_mb and -malloc_limit_mb judge memory
  } catch (...) {
    std::abort();  // DecodeMessage promises not to throw anything else
  }
}

// A decoded message says what the text said: encoding what was decoded decodes to the same.
void CheckDecoded(const std::string& text, const cdp::IncomingMessage& message) {
  if (const auto* reply = std::get_if<cdp::IncomingReply>(&message)) {
    Check(text.find(std::to_string(reply->id)) != std::string::npos);
    Json encoded = {{"id", reply->id}, {"result", reply->result}};
    if (reply->error) {
      encoded = {{"id", reply->id},
                 {"error", {{"code", reply->error->code}, {"message", reply->error->message}}}};
    }
    cdp::IncomingMessage decoded = Decode(encoded.dump());
    const auto* again = std::get_if<cdp::IncomingReply>(&decoded);
    Check(again != nullptr && again->id == reply->id && again->result == reply->result &&
          again->error.has_value() == reply->error.has_value());
    if (reply->error) {
      Check(again->error->code == reply->error->code &&
            again->error->message == reply->error->message);
    }
  } else if (const auto* event = std::get_if<cdp::IncomingEvent>(&message)) {
    Check(event->params.is_object());
    Json encoded = {{"method", event->method}, {"params", event->params}};
    if (!event->session_id.empty()) encoded["sessionId"] = event->session_id;
    cdp::IncomingMessage decoded = Decode(encoded.dump());
    const auto* again = std::get_if<cdp::IncomingEvent>(&decoded);
    Check(again != nullptr && again->method == event->method &&
          again->session_id == event->session_id && again->params == event->params);
  } else {
    const std::string& problem = std::get<cdp::MalformedMessage>(message).problem;
    Check(!problem.empty() && problem.size() < 300);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t control = data[0];
  const size_t limit = (control & 0x80) != 0 ? 64 : size_t{1} << 20;
  const size_t max_chunk = control & 0x7f;
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  Framed framed = Frame(stream, limit, max_chunk, control);
  CheckFraming(stream, limit, framed);
  for (const std::string& text : framed.messages) CheckDecoded(text, Decode(text));
  // What a closed pipe leaves unterminated is not delivered, but it is what a truncated
  // message looks like: decode it too.
  if (framed.ok && framed.pending != 0) {
    std::string tail(stream.substr(stream.size() - framed.pending));
    CheckDecoded(tail, Decode(tail));
  }
  return 0;
}
