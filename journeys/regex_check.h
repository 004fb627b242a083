// Regular expressions in journeys (`*_matches`, `text=/.../`, `wait_for: {url: /.../}`) are
// checked when the file is validated, not when the step runs. std::regex compiles patterns
// recursively and expands counted repetitions, so a pattern is first bounded in length,
// nesting and expanded size: an absurd one must be an error, not a stack overflow.
#pragma once

#include <optional>
#include <string>

namespace journeys {

// nullopt when `pattern` is a valid ECMAScript regular expression; else why it is not.
std::optional<std::string> RegexProblem(const std::string& pattern);

}  // namespace journeys
