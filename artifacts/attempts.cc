#include "artifacts/attempts.h"

#include <cstdio>
#include <map>

#include "artifacts/verdict.h"

namespace artifacts {

std::vector<AttemptView> ViewAttempts(const orchestrator::JourneyRecord& record) {
  std::vector<AttemptView> views;
  std::map<int, size_t> latest;  // round -> its latest attempt so far, in views
  int round = 0;
  for (const auto& attempt : record.attempts) {
    if (attempt.round > 0) {
      round = attempt.round;
    } else if (attempt.attempt <= 1 || round == 0) {
      ++round;  // written before rounds were recorded: as the attempts came
    }
    AttemptView view;
    view.attempt = &attempt;
    view.round = round;
    view.retry = attempt.attempt > 1 ? attempt.attempt - 1 : 0;
    view.title = record.name;
    if (round > 1 && view.retry > 0) {
      view.title +=
          " (run " + std::to_string(round) + ", retry " + std::to_string(view.retry) + ")";
    } else if (round > 1) {
      view.title += " (run " + std::to_string(round) + ")";
    } else if (view.retry > 0) {
      view.title += " (retry " + std::to_string(view.retry) + ")";
    }
    // A retry comes after the attempt it retries: that one did not decide its round.
    auto [it, first] = latest.try_emplace(round, views.size());
    if (!first) {
      views[it->second].last_of_round = false;
      it->second = views.size();
    }
    views.push_back(view);
  }
  return views;
}

std::string Seconds(double ms) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.3f", ms / 1000);
  return buffer;
}

nlohmann::json SummaryOf(const orchestrator::RunResult& run) {
  if (run.summary.is_object() && run.summary.contains("verdict")) return run.summary;
  return Summarize(run).ToJson();
}

std::map<std::string, std::vector<std::string>> BudgetsExceeded(const nlohmann::json& summary) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& journey : summary.value("journeys", nlohmann::json::array())) {
    for (const auto& failure : journey.value("failures", nlohmann::json::array())) {
      if (SummaryString(failure, "class") != "slow") continue;
      auto& lines = out[SummaryString(journey, "name")];
      for (const auto& line : failure.value("evidence", nlohmann::json::array())) {
        if (line.is_string()) lines.push_back(line.get<std::string>());
      }
    }
  }
  return out;
}

std::string SummaryString(const nlohmann::json& summary, const char* key) {
  auto it = summary.find(key);
  return it != summary.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace artifacts
