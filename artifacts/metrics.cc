#include "artifacts/metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>
#include <vector>

#include "artifacts/attempts.h"
#include "artifacts/classify.h"
#include "artifacts/markup.h"

namespace artifacts {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

std::string Number(double value) {
  if (std::isnan(value)) return "NaN";
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// Builds the exposition one family at a time: HELP and TYPE first, then its samples, never
// interleaved with another family's.
class Exposition {
 public:
  void Family(const std::string& name, const char* type, const std::string& help) {
    text_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  void Sample(const std::string& name, const Labels& labels, double value) {
    text_ += name;
    if (!labels.empty()) {
      text_ += "{";
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) text_ += ",";
        text_ += labels[i].first + "=\"" + EscapeLabelValue(labels[i].second) + "\"";
      }
      text_ += "}";
    }
    text_ += " " + Number(value) + "\n";
  }
  // A summary of `values` (seconds): the median and p95 (nearest rank), _sum and _count.
  void Summary(const std::string& name, Labels labels, std::vector<double> values) {
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (double v : values) sum += v;
    for (double q : {0.5, 0.95}) {
      Labels with_quantile = labels;
      with_quantile.emplace_back("quantile", Number(q));
      size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
      Sample(name, with_quantile, values.empty() ? NAN : values[std::max<size_t>(rank, 1) - 1]);
    }
    Sample(name + "_sum", labels, sum);
    Sample(name + "_count", labels, static_cast<double>(values.size()));
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// What MediaWiki's reporter counts per test: a round's final attempt passed or failed, the
// attempts before it were retries.
struct WdioCounts {
  int passed = 0, failed = 0, skipped = 0, retries = 0;
  double max_seconds = 0;
};

WdioCounts CountJourney(const orchestrator::JourneyRecord& record) {
  WdioCounts counts;
  if (record.attempts.empty()) counts.skipped = 1;
  for (const auto& view : ViewAttempts(record)) {
    counts.max_seconds = std::max(counts.max_seconds, view.attempt->duration_ms / 1000);
    if (!view.last_of_round) {
      ++counts.retries;
    } else if (view.attempt->outcome == journeys::Outcome::kPassed) {
      ++counts.passed;
    } else if (view.attempt->outcome == journeys::Outcome::kFailed) {
      ++counts.failed;
    }
  }
  return counts;
}

void WdioMetrics(const orchestrator::RunResult& run, Exposition& out) {
  const Labels project = {{"project", kMetricsProject}};
  std::vector<std::pair<std::string, WdioCounts>> tests;
  WdioCounts total;
  double total_seconds = 0;
  for (const auto& record : run.journeys) {
    WdioCounts counts = CountJourney(record);
    for (const auto& attempt : record.attempts) total_seconds += attempt.duration_ms / 1000;
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    total.retries += counts.retries;
    tests.emplace_back(WdioTestName(record.name), counts);
  }
  struct Field {
    const char* suffix;
    const char* help;
    double (*value)(const WdioCounts&);
  };
  const Field project_fields[] = {
      {"passed", "Number of tests passed per project",
       [](const WdioCounts& c) { return 1.0 * c.passed; }},
      {"failed", "Number of tests failed per project",
       [](const WdioCounts& c) { return 1.0 * c.failed; }},
      {"retries", "Number of test retries per project",
       [](const WdioCounts& c) { return 1.0 * c.retries; }},
      {"skipped", "Number of tests skipped per project",
       [](const WdioCounts& c) { return 1.0 * c.skipped; }},
      {"tests", "Total number of tests per project",
       [](const WdioCounts& c) { return 1.0 * (c.passed + c.failed + c.skipped); }},
  };
  out.Family("wdio_project_duration_seconds", "gauge",
             "Total duration of all test suites per project");
  out.Sample("wdio_project_duration_seconds", project, total_seconds);
  for (const auto& field : project_fields) {
    std::string name = std::string("wdio_project_") + field.suffix;
    out.Family(name, "gauge", field.help);
    out.Sample(name, project, field.value(total));
  }
  const Field test_fields[] = {
      {"passed", "Number of tests passed (per test)", project_fields[0].value},
      {"failed", "Number of tests failed (per test)", project_fields[1].value},
      {"skipped", "Number of tests skipped (per test)", project_fields[3].value},
      {"retries", "Number of test retries (per test)", project_fields[2].value},
      {"duration_max_seconds", "Max observed test duration (seconds per test)",
       [](const WdioCounts& c) { return c.max_seconds; }},
  };
  for (const auto& field : test_fields) {
    std::string name = std::string("wdio_test_") + field.suffix;
    out.Family(name, "gauge", field.help);
    for (const auto& [test, counts] : tests) {
      out.Sample(name, {{"project", kMetricsProject}, {"test", test}}, field.value(counts));
    }
  }
}

void JourneyMetrics(const orchestrator::RunResult& run, const nlohmann::json& summary,
                    Exposition& out) {
  out.Family("cujo_journey_duration_seconds", "summary",
             "Duration of the attempts of a journey (every attempt, retries included)");
  for (const auto& record : run.journeys) {
    std::vector<double> seconds;
    for (const auto& attempt : record.attempts) seconds.push_back(attempt.duration_ms / 1000);
    out.Summary("cujo_journey_duration_seconds", {{"journey", record.name}, {"tier", record.tier}},
                seconds);
  }
  out.Family("cujo_journey_status", "gauge",
             "1 for the journey's status: passed, failed, flaky (failed, then passed), slow "
             "(passed over a "
             "budget) or not_run");
  for (const auto& journey : summary.value("journeys", nlohmann::json::array())) {
    out.Sample(
        "cujo_journey_status",
        {{"journey", SummaryString(journey, "name")}, {"status", SummaryString(journey, "status")}},
        1);
  }
  out.Family("cujo_step_duration_seconds", "summary",
             "Duration of a journey's step over the attempts that ran it");
  for (const auto& record : run.journeys) {
    // Step i of every attempt is the same step of the journey file.
    std::map<size_t, std::pair<std::string, std::vector<double>>> steps;
    for (const auto& attempt : record.attempts) {
      for (size_t i = 0; i < attempt.steps.size(); ++i) {
        const auto& step = attempt.steps[i];
        if (step.outcome == journeys::Outcome::kSkipped) continue;
        steps[i].first = step.label;
        steps[i].second.push_back(step.duration_ms / 1000);
      }
    }
    for (const auto& [index, step] : steps) {
      out.Summary(
          "cujo_step_duration_seconds",
          {{"journey", record.name}, {"index", std::to_string(index + 1)}, {"step", step.first}},
          step.second);
    }
  }
}

void RunMetrics(const orchestrator::RunResult& run, const nlohmann::json& summary,
                Exposition& out) {
  std::map<std::string, int> by_class;
  for (auto c :
       {FailureClass::kAssertion, FailureClass::kServerError, FailureClass::kClientError,
        FailureClass::kSlow, FailureClass::kTimeout, FailureClass::kInfra, FailureClass::kConfig}) {
    by_class[FailureClassName(c)] = 0;
  }
  std::map<std::string, int> by_status;
  for (const char* status : kJourneyStatuses) by_status[status] = 0;
  for (const auto& journey : summary.value("journeys", nlohmann::json::array())) {
    ++by_status[SummaryString(journey, "status")];
    for (const auto& failure : journey.value("failures", nlohmann::json::array())) {
      ++by_class[SummaryString(failure, "class")];
    }
  }
  out.Family("cujo_failures_total", "counter", "Failed attempts of this run by failure class");
  for (const auto& [name, count] : by_class)
    out.Sample("cujo_failures_total", {{"class", name}}, count);
  out.Family("cujo_run_journeys", "gauge", "Journeys of this run by status");
  for (const auto& [status, count] : by_status) {
    out.Sample("cujo_run_journeys", {{"status", status}}, count);
  }
  size_t attempts = 0;
  for (const auto& record : run.journeys) attempts += record.attempts.size();
  out.Family("cujo_run_attempts", "gauge", "Attempts of this run, retries included");
  out.Sample("cujo_run_attempts", {}, static_cast<double>(attempts));
  out.Family("cujo_run_duration_seconds", "gauge", "Wall-clock duration of this run");
  out.Sample("cujo_run_duration_seconds", {}, run.run.duration_ms / 1000);
  std::string verdict = SummaryString(summary, "verdict");
  out.Family("cujo_run_verdict", "gauge", "1 for the gate's verdict of this run, 0 for the others");
  for (const char* v : {"PROMOTE", "ROLLBACK", "INCONCLUSIVE"}) {
    out.Sample("cujo_run_verdict", {{"verdict", v}}, verdict == v ? 1 : 0);
  }
  out.Family("cujo_run_exit_code", "gauge",
             "Exit code of the verdict: 0 promote, 1 rollback, 2 inconclusive, 3 configuration");
  out.Sample("cujo_run_exit_code", {}, summary.value("exit_code", 0));
  out.Family("cujo_run_info", "gauge", "What ran against what; always 1");
  out.Sample("cujo_run_info",
             {{"cujo_version", run.run.cujo_version},
              {"chromium_version", run.run.chromium_version},
              {"base_url", run.run.base_url},
              {"shard", run.run.shard}},
             1);
}

}  // namespace

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : ValidXmlText(value)) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string WdioTestName(const std::string& name) {
  std::string out;
  bool in_run = false;  // inside a run of non-word characters, already written as one "_"
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      in_run = false;
    } else if (!in_run) {
      out.push_back('_');
      in_run = true;
    }
  }
  return out;
}

std::string RenderMetrics(const orchestrator::RunResult& run) {
  nlohmann::json summary = SummaryOf(run);
  Exposition out;
  WdioMetrics(run, out);
  JourneyMetrics(run, summary, out);
  RunMetrics(run, summary, out);
  return out.text();
}

}  // namespace artifacts
