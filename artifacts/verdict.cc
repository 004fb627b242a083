#include "artifacts/verdict.h"

#include <algorithm>
#include <map>

namespace artifacts {

namespace {

JourneySummary SummarizeJourney(const orchestrator::JourneyRecord& record) {
  JourneySummary summary;
  summary.name = record.name;
  summary.attempts = static_cast<int>(record.attempts.size());
  for (const auto& attempt : record.attempts) {
    if (attempt.outcome != journeys::Outcome::kFailed) continue;
    ++summary.failed_attempts;
    summary.failures.push_back(Classify(attempt));
  }
  if (record.attempts.empty()) {
    summary.status = "not_run";
  } else if (summary.failed_attempts == 0) {
    summary.status = "passed";
  } else if (record.attempts.back().outcome == journeys::Outcome::kPassed) {
    summary.status = "flaky";
  } else {
    summary.status = "failed";
  }
  return summary;
}

}  // namespace

nlohmann::json Summary::ToJson() const {
  nlohmann::json j = {{"verdict", verdict}, {"exit_code", exit_code}, {"reasons", reasons}};
  nlohmann::json list = nlohmann::json::array();
  for (const auto& journey : journeys) {
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& c : journey.failures) {
      failures.push_back({{"class", FailureClassName(c.failure_class)},
                          {"evidence", c.evidence},
                          {"fingerprint", c.fingerprint}});
    }
    list.push_back({{"name", journey.name},
                    {"status", journey.status},
                    {"attempts", journey.attempts},
                    {"failed_attempts", journey.failed_attempts},
                    {"failures", failures}});
  }
  j["journeys"] = list;
  nlohmann::json groups_json = nlohmann::json::array();
  for (const auto& group : groups) {
    groups_json.push_back({{"fingerprint", group.fingerprint},
                           {"class", group.failure_class},
                           {"journeys", group.journeys}});
  }
  j["groups"] = groups_json;
  return j;
}

Summary Summarize(const orchestrator::RunResult& run) {
  Summary summary;
  std::map<std::string, FailureGroup> groups;
  int product = 0, infra = 0, config = 0, not_run = 0;
  for (const auto& record : run.journeys) {
    JourneySummary journey = SummarizeJourney(record);
    if (journey.status == "not_run") ++not_run;
    if (journey.status == "failed") {
      const Classification& last = journey.failures.back();
      if (last.failure_class == FailureClass::kConfig) {
        ++config;
      } else if (IsProductClass(last.failure_class)) {
        ++product;
      } else {
        ++infra;
      }
      FailureGroup& group = groups[last.fingerprint];
      group.fingerprint = last.fingerprint;
      group.failure_class = FailureClassName(last.failure_class);
      group.journeys.push_back(journey.name);
      summary.reasons.push_back(journey.name + ": " + FailureClassName(last.failure_class) +
                                ": " + last.evidence.front());
    }
    summary.journeys.push_back(std::move(journey));
  }
  for (auto& [fingerprint, group] : groups) summary.groups.push_back(std::move(group));
  std::stable_sort(summary.groups.begin(), summary.groups.end(),
                   [](const auto& a, const auto& b) { return a.journeys.size() > b.journeys.size(); });

  // A run cut short by a signal, the deadline or a vanished target is inconclusive whatever it
  // saw: the failures may be the interruption's doing. --max-failures is the exception: it stops
  // a run because the build is failing.
  bool cut_short = !run.run.interrupted.empty() &&
                   run.run.interrupted.rfind("--max-failures", 0) != 0;
  if (product > 0 && !cut_short) {
    summary.verdict = "ROLLBACK";
    summary.exit_code = kExitRollback;
  } else if (config > 0 && infra == 0) {
    summary.verdict = "INCONCLUSIVE";
    summary.exit_code = kExitConfig;
  } else if (infra > 0 || not_run > 0 || !run.run.interrupted.empty() || run.journeys.empty()) {
    summary.verdict = "INCONCLUSIVE";
    summary.exit_code = kExitInconclusive;
    if (!run.run.interrupted.empty()) summary.reasons.push_back("run stopped: " + run.run.interrupted);
    if (not_run > 0) summary.reasons.push_back(std::to_string(not_run) + " journeys did not run");
    if (run.journeys.empty()) summary.reasons.push_back("no journey was selected");
  } else {
    summary.verdict = "PROMOTE";
    summary.exit_code = kExitPromote;
  }
  return summary;
}

}  // namespace artifacts
