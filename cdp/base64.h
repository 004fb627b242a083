// Screenshots arrive base64-encoded inside JSON; a table decoder is 10-30x faster than
// websocketpp's, which matters for multi-megabyte full-page captures.
#pragma once

#include <string>
#include <string_view>

namespace cdp {

// Throws cdp::Error(kMalformed) on a character outside the alphabet or a bad length.
std::string Base64Decode(std::string_view encoded);
std::string Base64Encode(std::string_view bytes);

}  // namespace cdp
