// How a step reports failure to the executor: an exception carrying the structured error, so
// that deep helpers (actionability polls, navigation waits) need not thread it back by hand.
#pragma once

#include <stdexcept>

#include "journeys/result.h"

namespace journeys {

class StepFailure : public std::runtime_error {
 public:
  explicit StepFailure(StepError error)
      : std::runtime_error(error.message), error_(std::move(error)) {}
  const StepError& error() const { return error_; }

 private:
  StepError error_;
};

}  // namespace journeys
