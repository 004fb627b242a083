// The parts of a recorded URL that the scheduler and the summarizer compare: whose server a
// request went to, and which page or resource it was (without its query, which varies).
#pragma once

#include <string>

namespace journeys {

// "scheme://host:port" of an absolute URL; the URL itself when it has no "://".
std::string OriginOf(const std::string& url);

// The path of a URL without its query or fragment; "/" when it has none.
std::string PathOf(const std::string& url);

}  // namespace journeys
