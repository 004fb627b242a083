// --remote-debugging-pipe ends each message with a NUL byte, and the pipe hands the stream over
// in chunks that do not respect message boundaries. Splitting it lives here, apart from the
// pipe's I/O, so that it can be tested and fuzzed on its own.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace cdp {

class NulFramer {
 public:
  // A message longer than `max_message_bytes` (without its NUL) is an error: a peer that
  // sends one is broken, and buffering it would take the machine down instead.
  explicit NulFramer(size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  // Takes the next chunk of the stream and calls `on_message` with each message it completes,
  // in order. Returns false, having delivered the messages before it, when a message exceeds
  // the limit; the stream is then unusable and Feed must not be called again.
  bool Feed(std::string_view chunk, const std::function<void(std::string message)>& on_message);

  // Bytes received of a message whose NUL has not arrived yet.
  size_t pending_bytes() const { return pending_.size(); }
  size_t max_message_bytes() const { return max_message_bytes_; }

 private:
  size_t max_message_bytes_;
  std::string pending_;
};

}  // namespace cdp
