// A rough size of the automaton std::regex would build, then the real compilation.
#include "journeys/regex_check.h"

#include <regex>
#include <vector>

namespace journeys {

namespace {

constexpr size_t kMaxLength = 1000;
constexpr size_t kMaxNesting = 32;
constexpr double kMaxSize = 10000;
constexpr size_t kMaxDigits = 9;

// Reads "{n}", "{n,}" or "{n,m}" at `pos`; returns the largest count it allows (n + 1 for an
// open range), or 0 when this is no counted repetition (then `{` is a literal).
double RepetitionCount(const std::string& pattern, size_t& pos) {
  size_t close = pattern.find('}', pos);
  if (close == std::string::npos) return 0;
  std::string inside = pattern.substr(pos + 1, close - pos - 1);
  size_t comma = inside.find(',');
  std::string low = inside.substr(0, comma);
  std::string high = comma == std::string::npos ? low : inside.substr(comma + 1);
  auto is_number = [](const std::string& s) {
    return !s.empty() && s.size() <= kMaxDigits &&
           s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!is_number(low) || (!high.empty() && !is_number(high))) return 0;
  pos = close;
  return high.empty() ? std::stod(low) + 1 : std::stod(high);
}

// std::regex reads the numbers of `{n,m}` and of back-references `\n` into a long without
// checking for overflow (undefined behaviour): such numbers are refused before it sees them,
// wherever they stand.
bool HasLongNumber(const std::string& pattern) {
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    if (pattern[pos] != '\\' && pattern[pos] != '{') continue;
    size_t run = 0;
    for (size_t i = pos + 1; i < pattern.size(); ++i) {
      bool digit = pattern[i] >= '0' && pattern[i] <= '9';
      if (!digit && !(pattern[pos] == '{' && pattern[i] == ',')) break;
      run = digit ? run + 1 : 0;
      if (run > kMaxDigits) return true;
    }
  }
  return false;
}

// Why the pattern is too big to compile safely, or "".
std::string SizeProblem(const std::string& pattern) {
  if (pattern.size() > kMaxLength) return "longer than 1000 characters";
  if (HasLongNumber(pattern)) return "with a number too large";
  struct Group {
    double size = 0;  // of everything in the group so far
    double last = 0;  // of the last atom, which a quantifier repeats
  };
  std::vector<Group> groups(1);
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    char c = pattern[pos];
    double atom = 1;
    if (c == '\\') {
      ++pos;
    } else if (c == '[') {
      for (++pos; pos < pattern.size() && pattern[pos] != ']'; ++pos) pos += pattern[pos] == '\\';
    } else if (c == '(') {
      if (groups.size() > kMaxNesting) return "nested more than 32 groups deep";
      groups.emplace_back();
      continue;
    } else if (c == ')' && groups.size() > 1) {
      atom = groups.back().size + 1;
      groups.pop_back();
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
      double count = c == '{' ? RepetitionCount(pattern, pos) : 2;
      if (count > 0) {
        Group& group = groups.back();
        group.size += group.last * (count - 1);
        group.last *= count;
        if (group.size > kMaxSize) return "too large once its repetitions are expanded";
        continue;
      }
    }
    groups.back().size += atom;
    groups.back().last = atom;
    if (groups.back().size > kMaxSize) return "too large once its repetitions are expanded";
  }
  return "";
}

}  // namespace

std::optional<std::string> RegexProblem(const std::string& pattern) {
  std::string size = SizeProblem(pattern);
  if (!size.empty()) return "regular expression " + size;
  try {
    std::regex compiled(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return std::string("invalid regular expression: ") + e.what();
  }
  return std::nullopt;
}

}  // namespace journeys
