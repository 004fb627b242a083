// Durations: digits with an optional fraction, then an optional unit (ms, s, m; none is ms).
#include "journeys/duration.h"

#include <charconv>
#include <cmath>

namespace journeys {

std::optional<Milliseconds> ParseDuration(const std::string& text, std::string* error) {
  size_t digits_end = text.find_first_not_of("0123456789.");
  std::string number = text.substr(0, digits_end);
  std::string unit = digits_end == std::string::npos ? "" : text.substr(digits_end);
  bool well_formed = !number.empty() && number.front() != '.' && number.back() != '.' &&
                     number.find('.') == number.rfind('.') && number.size() <= 12;
  double scale = 0;
  if (unit.empty() || unit == "ms") {
    scale = 1;
  } else if (unit == "s") {
    scale = 1000;
  } else if (unit == "m") {
    scale = 60 * 1000;
  }
  if (!well_formed || scale == 0) {
    *error = "`" + text + "` is not a duration";
    return std::nullopt;
  }
  double value = 0;
  std::from_chars(number.data(), number.data() + number.size(), value);  // locale-independent
  double millis = std::round(value * scale);
  if (millis <= 0) {
    *error = "the duration must be positive";
    return std::nullopt;
  }
  if (millis > static_cast<double>(kMaxDuration.count())) {
    *error = "`" + text + "` is longer than 24 hours";
    return std::nullopt;
  }
  return Milliseconds(static_cast<Milliseconds::rep>(millis));
}

}  // namespace journeys
