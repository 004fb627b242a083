// Progress like ninja's: on a terminal one status line rewritten in place
// ("[12/40] 1 failed 0:07 search"), elsewhere (CI logs) one line per finished attempt.
#pragma once

#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

#include "journeys/result.h"

namespace orchestrator {

class Progress {
 public:
  // `planned`: attempts expected without retries; 0 when unknown (traffic mode). Each retry
  // that finishes adds itself, so the count never runs past its total ("[13/12]").
  Progress(std::ostream& out, bool terminal, int planned);
  void OnAttempt(const journeys::AttemptResult& result);
  // Ends the status line.
  void Finish();

 private:
  std::string Elapsed() const;

  std::ostream& out_;
  const bool terminal_;
  int planned_;
  const std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  int done_ = 0;
  int failed_ = 0;
};

}  // namespace orchestrator
