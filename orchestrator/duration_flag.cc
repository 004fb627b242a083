#include "orchestrator/duration_flag.h"

#include <cstdlib>

namespace orchestrator {

std::optional<std::chrono::milliseconds> ParseDurationFlag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit(end);
  double factor;
  if (unit.empty() || unit == "ms") {
    factor = 1;
  } else if (unit == "s") {
    factor = 1000;
  } else if (unit == "m" || unit == "min") {
    factor = 60000;
  } else if (unit == "h") {
    factor = 3600000;
  } else {
    return std::nullopt;
  }
  if (end == text.c_str() || value < 0) return std::nullopt;
  return std::chrono::milliseconds(static_cast<int64_t>(value * factor));
}

}  // namespace orchestrator
