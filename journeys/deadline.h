// Every wait in a step is bounded by the step's deadline (itself bounded by the journey's).
#pragma once

#include <algorithm>
#include <chrono>

namespace journeys {

using Deadline = std::chrono::steady_clock::time_point;

// Time left before `deadline`, at least 1 ms so that CDP calls still get a positive timeout.
inline std::chrono::milliseconds Remaining(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

}  // namespace journeys
