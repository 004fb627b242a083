// URL patterns of `wait_for: {url: ...}`: globs as people write them ("**/wiki/Special:*"), or
// a /regex/ when a glob is not enough.
#pragma once

#include <optional>
#include <regex>
#include <string>

namespace journeys {

// nullopt (with `error` set) for an invalid /regex/.
std::optional<std::regex> CompileUrlPattern(const std::string& pattern, std::string* error);

}  // namespace journeys
