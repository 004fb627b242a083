// Splits at NUL bytes with memchr: a multi-megabyte screenshot reply arrives in many chunks
// and must not be scanned or copied more than once.
#include "cdp/nul_framer.h"

#include <cstring>

namespace cdp {

bool NulFramer::Feed(std::string_view chunk,
                     const std::function<void(std::string message)>& on_message) {
  while (!chunk.empty()) {
    const void* nul = std::memchr(chunk.data(), '\0', chunk.size());
    size_t end = nul == nullptr ? chunk.size()
                                : static_cast<size_t>(static_cast<const char*>(nul) - chunk.data());
    if (end > max_message_bytes_ - pending_.size()) return false;
    pending_.append(chunk.data(), end);
    if (nul == nullptr) return true;
    on_message(std::move(pending_));
    pending_ = std::string();
    chunk.remove_prefix(end + 1);
  }
  return true;
}

}  // namespace cdp
