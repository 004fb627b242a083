#include "orchestrator/selection.h"

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "journeys/regex_check.h"

namespace orchestrator {

namespace {

std::optional<std::regex> Compile(const std::string& pattern, const char* flag) {
  if (pattern.empty()) return std::nullopt;
  // Bounded first: std::regex compiles recursively, and a deep pattern overflowed the stack.
  if (auto problem = journeys::RegexProblem(pattern)) {
    throw std::invalid_argument(std::string(flag) + ": invalid regular expression: " + *problem);
  }
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw std::invalid_argument(std::string(flag) + ": invalid regular expression '" + pattern +
                                "': " + e.what());
  }
}

}  // namespace

std::optional<Shard> ParseShard(const std::string& text, std::string* error) {
  size_t slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    size_t used = 0;
    size_t count_used = 0;
    std::string count = text.substr(slash + 1);
    Shard shard{std::stoi(text.substr(0, slash), &used), std::stoi(count, &count_used)};
    if (used != slash || count_used != count.size() || shard.count < 1 || shard.index < 1 ||
        shard.index > shard.count) {
      throw std::invalid_argument("out of range");
    }
    return shard;
  } catch (const std::exception&) {
    *error = "--shard must be K/N with 1 <= K <= N, e.g. 2/3 (got '" + text + "')";
    return std::nullopt;
  }
}

uint64_t StableHash(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::vector<const journeys::Journey*> SelectJourneys(
    const std::vector<journeys::Journey>& catalog, const SelectionCriteria& criteria,
    const std::map<std::string, double>& previous_durations_ms) {
  auto grep = Compile(criteria.grep, "--grep");
  auto exclude = Compile(criteria.exclude, "--exclude");
  std::vector<const journeys::Journey*> selected;
  for (const auto& journey : catalog) {
    if (criteria.tier != "all" && journey.tier != criteria.tier) continue;
    if (!criteria.tags.empty() &&
        std::none_of(criteria.tags.begin(), criteria.tags.end(), [&](const std::string& tag) {
          return std::find(journey.tags.begin(), journey.tags.end(), tag) != journey.tags.end();
        })) {
      continue;
    }
    if (grep && !std::regex_search(journey.name, *grep)) continue;
    if (exclude && std::regex_search(journey.name, *exclude)) continue;
    if (criteria.shard && StableHash(journey.name) % static_cast<uint64_t>(criteria.shard->count) !=
                              static_cast<uint64_t>(criteria.shard->index - 1)) {
      continue;
    }
    selected.push_back(&journey);
  }
  auto duration = [&](const journeys::Journey* j) {
    auto it = previous_durations_ms.find(j->name);
    return it == previous_durations_ms.end() ? 0.0 : it->second;
  };
  std::stable_sort(selected.begin(), selected.end(),
                   [&](const auto* a, const auto* b) { return duration(a) > duration(b); });
  return selected;
}

}  // namespace orchestrator
