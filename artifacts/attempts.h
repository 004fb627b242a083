// How every output names and reads a run, in one place so that junit.xml, report.html and
// metrics.prom agree: attempts named "edit-page", "edit-page (retry 1)", "edit-page (run 2)" for
// traffic-mode rounds; which step failed; durations in seconds; the summarizer's verdict.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "orchestrator/run_result.h"

namespace artifacts {

struct AttemptView {
  const journeys::AttemptResult* attempt = nullptr;
  int round = 1;  // traffic mode: which repetition of the journey (1 outside traffic mode)
  int retry = 0;  // 0 for a round's first attempt
  bool last_of_round = true;  // its outcome is the round's outcome; earlier ones were retried
  std::string title;
};

// The attempts of `record` in order, each in its round (AttemptResult::round; in files without
// it, a round starts at each attempt numbered 1).
std::vector<AttemptView> ViewAttempts(const orchestrator::JourneyRecord& record);

// "12.345": milliseconds as seconds with millisecond precision.
std::string Seconds(double ms);

// Every status the summarizer gives a journey (JourneySummary::status), in report order.
constexpr const char* kJourneyStatuses[] = {"passed", "failed", "flaky", "slow", "not_run"};

// The summarizer's judgement of the run (artifacts::Summary::ToJson): the one stored in
// results.json, or, for a file written before the run concluded, computed now.
nlohmann::json SummaryOf(const orchestrator::RunResult& run);
// Journey name -> the duration budgets it exceeded (the evidence of its `slow`
// classifications), for journeys whose attempts passed but too slowly.
std::map<std::string, std::vector<std::string>> BudgetsExceeded(const nlohmann::json& summary);
// A string field of `summary`, "" when absent.
std::string SummaryString(const nlohmann::json& summary, const char* key);

}  // namespace artifacts
