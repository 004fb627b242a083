#include "artifacts/verdict.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "artifacts/attempts.h"
#include "artifacts/budgets.h"

namespace artifacts {

namespace {

// One journey against its rule. A run is an attempt with its retries; its last attempt decides
// it, so a failure a retry recovered (flaky) counts against no rate.
struct Judgement {
  JourneySummary summary;
  std::vector<Classification> deciding;  // of each failed run, then each exceeded budget
  int runs = 0, product = 0, infra = 0, config = 0;
  std::optional<Classification> first_product, first_infra, first_config;
};

Judgement Judge(const orchestrator::JourneyRecord& record, const EffectiveRule& rule) {
  Judgement j;
  JourneySummary& summary = j.summary;
  summary.name = record.name;
  summary.attempts = static_cast<int>(record.attempts.size());
  std::vector<const journeys::AttemptResult*> passed;
  for (const AttemptView& view : ViewAttempts(record)) {
    const journeys::AttemptResult& attempt = *view.attempt;
    if (view.last_of_round) ++j.runs;
    if (attempt.outcome == journeys::Outcome::kPassed) passed.push_back(&attempt);
    if (attempt.outcome != journeys::Outcome::kFailed) continue;
    ++summary.failed_attempts;
    summary.failures.push_back(Classify(attempt));
    if (!attempt.failure.screenshot.empty()) summary.screenshot = attempt.failure.screenshot;
    if (view.last_of_round) j.deciding.push_back(summary.failures.back());
  }
  size_t failed_runs = j.deciding.size();
  for (Classification& slow : CheckBudgets(passed, rule)) {
    summary.failures.push_back(slow);
    j.deciding.push_back(std::move(slow));
  }
  for (const Classification& c : j.deciding) {
    if (c.failure_class == FailureClass::kConfig) {
      if (!j.first_config) j.first_config = c;
      ++j.config;
    } else if (!IsProductClass(c.failure_class)) {
      if (!j.first_infra) j.first_infra = c;
      ++j.infra;
    } else if (!rule.allow.count(c.failure_class) && c.failure_class != FailureClass::kSlow) {
      if (!j.first_product) j.first_product = c;
      ++j.product;
    }
  }
  if (record.attempts.empty()) {
    summary.status = "not_run";
  } else if (failed_runs > 0) {
    summary.status = "failed";
  } else if (j.deciding.size() > failed_runs) {
    // Before flaky: a retry that recovered a failure does not excuse the budgets.
    summary.status = "slow";
  } else if (summary.failed_attempts > 0) {
    summary.status = "flaky";
  } else {
    summary.status = "passed";
  }
  return j;
}

std::string Percent(double fraction) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%g%%", fraction * 100);
  return buffer;
}

std::string Line(const std::string& journey, const Classification& c) {
  return journey + ": " + FailureClassName(c.failure_class) + ": " + c.evidence.front();
}

// "(3 of 40 runs; the policy allows 2%)", or "" for a single run, where it says nothing.
std::string Rate(int count, int runs, double allowed) {
  if (runs <= 1) return "";
  return " (" + std::to_string(count) + " of " + std::to_string(runs) +
         " runs; the policy allows " + Percent(allowed) + ")";
}

// The fingerprints that make a journey fail or slow, for comparing runs.
std::set<std::string> Fingerprints(const Judgement& j) {
  std::set<std::string> out;
  if (j.summary.status != "failed" && j.summary.status != "slow") return out;
  for (const auto& c : j.deciding) out.insert(c.fingerprint);
  return out;
}

std::map<std::string, std::set<std::string>> BaselineFailures(
    const orchestrator::RunResult& baseline, const SloPolicy& policy) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& record : baseline.journeys) {
    auto fingerprints = Fingerprints(Judge(record, policy.For(record.name, record.tier)));
    if (!fingerprints.empty()) out[record.name] = std::move(fingerprints);
  }
  return out;
}

}  // namespace

nlohmann::json Summary::ToJson() const {
  nlohmann::json j = {
      {"verdict", verdict}, {"exit_code", exit_code}, {"reasons", reasons}, {"policy", policy}};
  nlohmann::json list = nlohmann::json::array();
  std::map<std::string, std::vector<std::string>> by_label;
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
                    {"failures", failures},
                    {"baseline", journey.baseline},
                    {"screenshot", journey.screenshot}});
    if (!journey.baseline.empty()) by_label[journey.baseline].push_back(journey.name);
  }
  j["journeys"] = list;
  nlohmann::json groups_json = nlohmann::json::array();
  for (const auto& group : groups) {
    groups_json.push_back({{"fingerprint", group.fingerprint},
                           {"class", group.failure_class},
                           {"journeys", group.journeys}});
  }
  j["groups"] = groups_json;
  if (!baseline.empty()) {
    j["baseline"] = {{"dir", baseline},
                     {"new", by_label["new"]},
                     {"known", by_label["known"]},
                     {"fixed", by_label["fixed"]}};
  }
  return j;
}

Summary Summarize(const orchestrator::RunResult& run, const SloPolicy& policy,
                  const orchestrator::RunResult* baseline, const std::string& baseline_dir) {
  Summary summary;
  summary.policy = policy.Source();
  summary.baseline = baseline_dir;
  std::map<std::string, std::set<std::string>> known;
  if (baseline) known = BaselineFailures(*baseline, policy);
  std::map<std::string, FailureGroup> groups;
  std::vector<std::string> rollback, inconclusive, config;
  int not_run = 0;
  for (const auto& record : run.journeys) {
    const EffectiveRule rule = policy.For(record.name, record.tier);
    Judgement j = Judge(record, rule);
    JourneySummary& journey = j.summary;
    if (journey.status == "not_run") ++not_run;
    auto fingerprints = Fingerprints(j);
    if (baseline && !fingerprints.empty()) {
      const auto& before = known[journey.name];
      bool all_known =
          std::includes(before.begin(), before.end(), fingerprints.begin(), fingerprints.end());
      journey.baseline = all_known ? "known" : "new";
    } else if (baseline && known.count(journey.name) && journey.status != "not_run") {
      journey.baseline = "fixed";
    }
    std::string tag = journey.baseline.empty() ? "" : "[" + journey.baseline + "] ";
    for (const auto& c : j.deciding) {
      if (fingerprints.empty()) break;
      FailureGroup& group = groups[c.fingerprint];
      group.fingerprint = c.fingerprint;
      group.failure_class = FailureClassName(c.failure_class);
      if (std::find(group.journeys.begin(), group.journeys.end(), journey.name) ==
          group.journeys.end()) {
        group.journeys.push_back(journey.name);
      }
      if (c.failure_class == FailureClass::kSlow && !rule.allow.count(FailureClass::kSlow)) {
        rollback.push_back(tag + Line(journey.name, c));
      }
    }
    int valid = j.runs - j.infra - j.config;
    if (j.product > 0 && valid > 0 &&
        static_cast<double>(j.product) / valid > rule.max_failure_rate) {
      rollback.push_back(tag + Line(journey.name, *j.first_product) +
                         Rate(j.product, valid, rule.max_failure_rate));
    }
    bool too_much_infra =
        j.infra > 0 && static_cast<double>(j.infra) / j.runs > rule.max_infra_rate;
    if (too_much_infra) {
      inconclusive.push_back(Line(journey.name, *j.first_infra) +
                             Rate(j.infra, j.runs, rule.max_infra_rate));
    } else if (journey.status != "not_run" && valid < rule.min_attempts && j.config == 0) {
      inconclusive.push_back(journey.name + ": " + std::to_string(valid) +
                             " runs reached a verdict; the policy needs " +
                             std::to_string(rule.min_attempts));
    }
    if (j.first_config) config.push_back(Line(journey.name, *j.first_config));
    summary.journeys.push_back(std::move(journey));
  }
  for (auto& [fingerprint, group] : groups) summary.groups.push_back(std::move(group));
  std::stable_sort(summary.groups.begin(), summary.groups.end(), [](const auto& a, const auto& b) {
    return a.journeys.size() > b.journeys.size();
  });
  // What is new leads.
  std::stable_partition(rollback.begin(), rollback.end(),
                        [](const std::string& line) { return line.rfind("[new]", 0) == 0; });

  // A run cut short is inconclusive whatever it saw: the failures may be the interruption's
  // doing.
  const std::string& interrupted = run.run.interrupted;
  bool cut_short = !interrupted.empty() && !run.run.stopped_for_failures;
  auto& reasons = summary.reasons;
  reasons = rollback;
  reasons.insert(reasons.end(), inconclusive.begin(), inconclusive.end());
  reasons.insert(reasons.end(), config.begin(), config.end());
  if (!rollback.empty() && !cut_short) {
    summary.verdict = "ROLLBACK";
    summary.exit_code = kExitRollback;
    return summary;
  }
  summary.verdict = "INCONCLUSIVE";
  // Said whatever the exit code: a config failure's exit 3 does not hide that the run stopped.
  if (!interrupted.empty()) reasons.push_back("run stopped: " + interrupted);
  if (not_run > 0) reasons.push_back(std::to_string(not_run) + " journeys did not run");
  if (run.journeys.empty()) reasons.push_back("no journey was selected");
  if (!config.empty() && inconclusive.empty()) {
    summary.exit_code = kExitConfig;
  } else if (!inconclusive.empty() || not_run > 0 || !interrupted.empty() || run.journeys.empty()) {
    summary.exit_code = kExitInconclusive;
  } else {
    summary.verdict = "PROMOTE";
    summary.exit_code = kExitPromote;
    reasons.push_back(std::to_string(run.journeys.size()) + " journeys within the SLO policy (" +
                      policy.Source() + ")");
  }
  return summary;
}

SloPolicy PolicyOfRun(const orchestrator::RunResult& run, const std::string& file) {
  if (file.empty() && run.run.slo_policy == kBuiltInPolicy) return SloPolicy{};
  std::vector<std::string> journey_paths;
  if (!run.journeys.empty()) journey_paths.push_back(run.journeys.front().file);
  std::vector<journeys::Diagnostic> errors;
  auto policy = LoadSloPolicy(file.empty() ? run.run.slo_policy : file, journey_paths, errors);
  if (policy) return *policy;
  std::string message = "the SLO policy cannot be used:";
  for (const auto& diagnostic : errors) message += "\n" + diagnostic.ToString();
  throw std::runtime_error(message);
}

}  // namespace artifacts
