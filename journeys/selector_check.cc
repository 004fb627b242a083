// Empty selectors, empty `text=`/`xpath=` and invalid `text=/regex/`.
#include "journeys/selector_check.h"

#include "journeys/regex_check.h"

namespace journeys {

std::optional<std::string> SelectorProblem(const std::string& selector) {
  if (selector.find_first_not_of(" \t\r\n") == std::string::npos) return "the selector is empty";
  for (const char* prefix : {"text=", "xpath="}) {
    std::string p = prefix;
    if (selector.rfind(p, 0) != 0) continue;
    std::string rest = selector.substr(p.size());
    if (rest.find_first_not_of(" \t\r\n") == std::string::npos) {
      return "`" + p + "` needs something after it";
    }
    // A pattern made with ${...} is only known, and checked, when the step runs.
    bool regex = rest.size() >= 2 && rest.front() == '/' && rest.back() == '/';
    if (p == "text=" && regex && rest.find("${") == std::string::npos) {
      return RegexProblem(rest.substr(1, rest.size() - 2));
    }
  }
  return std::nullopt;
}

}  // namespace journeys
