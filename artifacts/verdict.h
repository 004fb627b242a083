// The gate's answer for a run: PROMOTE (0), ROLLBACK (1) or INCONCLUSIVE (2), with one line
// per reason. Infrastructure trouble never rolls a build back; it makes the run inconclusive.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "artifacts/classify.h"
#include "orchestrator/run_result.h"

namespace artifacts {

constexpr int kExitPromote = 0;
constexpr int kExitRollback = 1;
constexpr int kExitInconclusive = 2;
constexpr int kExitConfig = 3;

struct JourneySummary {
  std::string name;
  std::string status;  // passed, failed, flaky, not_run
  int attempts = 0;
  int failed_attempts = 0;
  std::vector<Classification> failures;  // one per failed attempt, in order
};

struct FailureGroup {
  std::string fingerprint;
  std::string failure_class;
  std::vector<std::string> journeys;
};

struct Summary {
  std::string verdict;  // PROMOTE, ROLLBACK, INCONCLUSIVE
  int exit_code = kExitPromote;
  std::vector<std::string> reasons;
  std::vector<JourneySummary> journeys;
  std::vector<FailureGroup> groups;  // identical causes across journeys, largest first
  nlohmann::json ToJson() const;
};

Summary Summarize(const orchestrator::RunResult& run);

}  // namespace artifacts
