#include "journeys/url_pattern.h"

#include "journeys/regex_check.h"

namespace journeys {

std::optional<std::regex> CompileUrlPattern(const std::string& pattern, std::string* error) {
  std::string source;
  if (pattern.size() >= 2 && pattern.front() == '/' && pattern.back() == '/') {
    source = pattern.substr(1, pattern.size() - 2);
  } else {
    // A glob matches the whole URL: ** any characters, * any but '/', ? one character.
    source = "^";
    for (size_t i = 0; i < pattern.size(); ++i) {
      char c = pattern[i];
      if (c == '*' && i + 1 < pattern.size() && pattern[i + 1] == '*') {
        source += ".*";
        ++i;
      } else if (c == '*') {
        source += "[^/]*";
      } else if (c == '?') {
        source += ".";
      } else {
        if (std::string("\\^$.|+()[]{}").find(c) != std::string::npos) source += '\\';
        source += c;
      }
    }
    source += "$";
  }
  // Bounded first, as when the journey was validated: a pattern with a ${...} in it is only
  // known now, and std::regex compiles recursively.
  if (auto problem = RegexProblem(source)) {
    *error = "invalid URL pattern " + pattern + ": " + *problem;
    return std::nullopt;
  }
  try {
    return std::regex(source, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    *error = "invalid URL pattern " + pattern + ": " + e.what();
    return std::nullopt;
  }
}

}  // namespace journeys
