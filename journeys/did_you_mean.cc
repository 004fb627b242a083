// Optimal string alignment distance: a swapped pair of letters ("slecetor") is one typo.
#include "journeys/did_you_mean.h"

#include <algorithm>

namespace journeys {

namespace {

// Edit distance counting insertions, deletions, substitutions and swaps of neighbours.
size_t EditDistance(const std::string& a, const std::string& b) {
  // Three rows of the classic table: the previous two and the current one.
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::string ClosestName(const std::string& word, const std::vector<std::string>& candidates) {
  // Names are short: one typo in up to 4 letters, two beyond, never more than half the word.
  std::string best;
  size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    size_t reach = candidate.size() <= 4 ? 1 : 2;
    // The distance is at least the difference in length: long words skip the table.
    size_t length_gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                       : candidate.size() - word.size();
    if (length_gap > reach) continue;
    size_t distance = EditDistance(word, candidate);
    if (distance > reach || distance * 2 > word.size()) continue;
    if (best.empty() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates,
                       const std::string& valid_label) {
  std::string closest = ClosestName(word, candidates);
  if (!closest.empty()) return "did you mean `" + closest + "`?";
  if (valid_label.empty() || candidates.empty()) return "";
  return valid_label + ": " + JoinNames(candidates);
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace journeys
