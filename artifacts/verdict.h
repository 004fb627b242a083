// The gate's answer for a run: PROMOTE (0), ROLLBACK (1) or INCONCLUSIVE (2), with one line
// per reason, decided by an SLO policy (docs/slo.md). Infrastructure trouble never rolls a build
// back; it makes the run inconclusive. Against a baseline run, each failure is new or known, and
// what failed there and passes now is fixed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "artifacts/classify.h"
#include "artifacts/slo_policy.h"
#include "orchestrator/run_result.h"

namespace artifacts {

constexpr int kExitPromote = 0;
constexpr int kExitRollback = 1;
constexpr int kExitInconclusive = 2;
constexpr int kExitConfig = 3;

struct JourneySummary {
  std::string name;
  std::string status;  // passed, failed, flaky, slow (passed over a budget), not_run
  int attempts = 0;
  int failed_attempts = 0;
  // One per failed attempt, in order; then one `slow` per exceeded budget.
  std::vector<Classification> failures;
  std::string baseline;    // with a baseline: new or known (failed, slow), fixed; else ""
  std::string screenshot;  // the last failed attempt's, relative to the run directory
};

struct FailureGroup {
  std::string fingerprint;
  std::string failure_class;
  std::vector<std::string> journeys;
};

struct Summary {
  std::string verdict;  // PROMOTE, ROLLBACK, INCONCLUSIVE
  int exit_code = kExitPromote;
  std::vector<std::string> reasons;  // what decided the verdict, one line each
  std::string policy;                // where the SLO policy came from
  std::vector<JourneySummary> journeys;
  std::vector<FailureGroup> groups;  // identical causes across journeys, largest first
  std::string baseline;              // the baseline run's directory, if one was given
  nlohmann::json ToJson() const;
};

// `baseline`: the previous run to compare with, or nullptr.
Summary Summarize(const orchestrator::RunResult& run, const SloPolicy& policy = SloPolicy{},
                  const orchestrator::RunResult* baseline = nullptr,
                  const std::string& baseline_dir = "");

// The SLO policy to judge a recorded `run` by again (cujo report, cujo merge): `file`, else the
// one the run recorded (run.slo_policy: a file or the built-in defaults); for a run recorded
// before the built-in defaults were named, slo.yaml beside its journeys, else the built-in one.
// Throws std::runtime_error listing what is wrong with the policy.
SloPolicy PolicyOfRun(const orchestrator::RunResult& run, const std::string& file = "");

}  // namespace artifacts
