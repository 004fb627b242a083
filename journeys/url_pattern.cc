#include "journeys/url_pattern.h"

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
  try {
    return std::regex(source, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    *error = "invalid URL pattern " + pattern + ": " + e.what();
    return std::nullopt;
  }
}

}  // namespace journeys
