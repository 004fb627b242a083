// Hints for misspelt names (keys, steps, journeys, variables): the closest valid name when
// one is close enough to be the likely intent, else the list of valid names.
#pragma once

#include <string>
#include <vector>

namespace journeys {

// The candidate closest to `word` when it is within a typo's reach of it, else "".
std::string ClosestName(const std::string& word, const std::vector<std::string>& candidates);

// "did you mean `x`?" when a candidate is close; else "<valid_label>: a, b, c" (or "" when
// `valid_label` is empty).
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates,
                       const std::string& valid_label);

// "a, b, c"
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace journeys
