#include "artifacts/junit.h"

#include <cmath>
#include <filesystem>
#include <map>

#include "artifacts/attempts.h"
#include "artifacts/classify.h"
#include "artifacts/markup.h"

namespace artifacts {

namespace {

using journeys::AttemptResult;
using orchestrator::JourneyRecord;

constexpr size_t kMaxMessage = 1000;

std::string Attr(const char* name, const std::string& value) {
  return std::string(" ") + name + "=\"" + EscapeMarkup(value) + "\"";
}

std::string Property(const std::string& name, const std::string& value) {
  return "<property" + Attr("name", name) + Attr("value", value) + "/>";
}

std::string Under(const std::string& root, const std::string& path) {
  if (path.empty() || root.empty()) return path;
  return root + "/" + path;
}

// Jenkins splits the class name at its last dot into package and class: "cujo.quick" and the
// journey file's stem.
std::string ClassName(const JourneyRecord& record) {
  std::string stem = std::filesystem::path(record.file).stem().string();
  if (stem.empty()) stem = record.name;
  for (char& c : stem) {
    if (c == '.') c = '_';
  }
  return "cujo." + (record.tier.empty() ? std::string("journeys") : record.tier) + "." + stem;
}

std::string Ms(double ms) { return std::to_string(std::llround(ms)) + " ms"; }

std::string TimingProperties(const AttemptResult& attempt) {
  std::string out = Property("attempt", std::to_string(attempt.attempt)) +
                    Property("started_at", attempt.started_at) +
                    Property("browser", attempt.browser);
  for (size_t i = 0; i < attempt.steps.size(); ++i) {
    const auto& step = attempt.steps[i];
    out += Property("step " + std::to_string(i + 1) + ": " + step.label,
                    Ms(step.duration_ms) + ", " + journeys::OutcomeName(step.outcome));
  }
  for (const auto& mark : attempt.marks) {
    out += Property("mark: " + mark.name,
                    Ms(mark.duration_ms) + ", " + journeys::OutcomeName(mark.outcome));
  }
  for (size_t i = 0; i < attempt.navigations.size(); ++i) {
    const auto& nav = attempt.navigations[i];
    std::string value = "HTTP " + std::to_string(nav.status);
    if (nav.ttfb_ms >= 0) value += ", ttfb " + Ms(nav.ttfb_ms);
    if (nav.dom_content_loaded_ms >= 0)
      value += ", domcontentloaded " + Ms(nav.dom_content_loaded_ms);
    if (nav.load_ms >= 0) value += ", load " + Ms(nav.load_ms);
    if (nav.lcp_ms) value += ", lcp " + Ms(*nav.lcp_ms);
    out += Property("navigation " + std::to_string(i + 1) + ": " + nav.url, value);
  }
  return "<properties>" + out + "</properties>";
}

std::string FailureBody(const AttemptResult& attempt, const Classification& classification,
                        const std::string& root) {
  std::string body;
  auto line = [&body](const std::string& key, const std::string& value) {
    if (!value.empty()) body += key + ": " + value + "\n";
  };
  line("class", FailureClassName(classification.failure_class));
  for (const auto& evidence : classification.evidence) line("evidence", evidence);
  line("fingerprint", classification.fingerprint);
  if (const auto* step = journeys::FailedStep(attempt)) {
    line("step", step->label + " (" + step->location.ToString() + ")");
  }
  if (attempt.error) {
    line("error", attempt.error->message);
    line("selector", attempt.error->selector);
    line("expected", attempt.error->expected);
    line("actual", attempt.error->actual);
    line("failed check", attempt.error->failed_check);
  }
  line("url", attempt.failure.url);
  line("screenshot", Under(root, attempt.failure.screenshot));
  line("dom", Under(root, attempt.failure.dom));
  return body;
}

// Console errors, uncaught exceptions and failed requests, one per line; the failure screenshot
// as an attachment.
std::string SystemOut(const AttemptResult& attempt, const std::string& root) {
  std::string out;
  for (const auto& record : attempt.console) {
    if (record.level != "error") continue;
    out += "console error (" + record.url + ":" + std::to_string(record.line) +
           "): " + record.text + "\n";
  }
  for (const auto& exception : attempt.exceptions) {
    out += "exception (" + exception.url + ":" + std::to_string(exception.line) +
           "): " + exception.message + "\n";
  }
  for (const auto& request : attempt.failed_requests) {
    out += "failed request: " + request.method + " " + request.url + " -> " +
           (request.status ? "HTTP " + std::to_string(request.status) : request.error_text) + " (" +
           request.resource_type + ")\n";
  }
  for (const auto& request : attempt.requests_in_flight) {
    out += "in flight at the failure: " + request.method + " " + request.url + " (" +
           request.resource_type + ", sent at " + Ms(request.at_ms) + ")\n";
  }
  if (!attempt.failure.screenshot.empty()) {
    out += "[[ATTACHMENT|" + Under(root, attempt.failure.screenshot) + "]]\n";
  }
  return out.empty() ? "" : "<system-out>" + EscapeMarkup(out) + "</system-out>";
}

struct SuiteCounts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double ms = 0;
  std::string Attributes() const {
    return Attr("tests", std::to_string(tests)) + Attr("failures", std::to_string(failures)) +
           Attr("errors", std::to_string(errors)) + Attr("skipped", std::to_string(skipped)) +
           Attr("time", Seconds(ms));
  }
  void Add(const SuiteCounts& other) {
    tests += other.tests;
    failures += other.failures;
    errors += other.errors;
    skipped += other.skipped;
    ms += other.ms;
  }
};

// What a journey's test cases add to its suite, counted before they are written: the counts
// go in the suite's opening tag.
SuiteCounts CountTestCases(const JourneyRecord& record, bool over_budget) {
  SuiteCounts counts;
  if (record.attempts.empty()) {
    counts.tests = counts.skipped = 1;
    return counts;
  }
  for (const auto& attempt : record.attempts) {
    ++counts.tests;
    counts.ms += attempt.duration_ms;
    if (attempt.outcome == journeys::Outcome::kFailed) {
      ++(IsProductClass(Classify(attempt).failure_class) ? counts.failures : counts.errors);
    } else if (attempt.outcome == journeys::Outcome::kSkipped) {
      ++counts.skipped;
    }
  }
  if (over_budget) {
    ++counts.tests;
    ++counts.failures;
  }
  return counts;
}

// A journey whose attempts passed over its duration budgets gets one more testcase, failed as
// `slow`, so that CI shows what the gate acted on.
std::string BudgetsTestCase(const JourneyRecord& record, const std::vector<std::string>& evidence) {
  std::string body;
  for (const auto& line : evidence) body += line + "\n";
  return "<testcase" + Attr("name", record.name + " (budgets)") +
         Attr("classname", ClassName(record)) + Attr("file", record.file) + Attr("time", "0") +
         "><failure" + Attr("message", Truncate("slow: " + evidence.front(), kMaxMessage)) +
         Attr("type", "slow") + ">" + EscapeMarkup(body) + "</failure></testcase>\n";
}

void WriteTestCases(const JourneyRecord& record, const std::string& root,
                    const JUnitWriter& write) {
  std::string common = Attr("classname", ClassName(record)) + Attr("file", record.file);
  if (record.attempts.empty()) {
    std::string reason = record.not_run_reason.empty() ? "not run" : record.not_run_reason;
    write("<testcase" + Attr("name", record.name) + common + Attr("time", "0") + "><skipped" +
          Attr("message", reason) + "/></testcase>\n");
    return;
  }
  for (const auto& view : ViewAttempts(record)) {
    const AttemptResult& attempt = *view.attempt;
    std::string out = "<testcase" + Attr("name", view.title) + common +
                      Attr("time", Seconds(attempt.duration_ms)) + ">" + TimingProperties(attempt);
    if (attempt.outcome == journeys::Outcome::kFailed) {
      Classification classification = Classify(attempt);
      const char* element = IsProductClass(classification.failure_class) ? "failure" : "error";
      std::string message = std::string(FailureClassName(classification.failure_class)) + ": " +
                            (attempt.error ? attempt.error->message : "failed");
      out += std::string("<") + element + Attr("message", Truncate(message, kMaxMessage)) +
             Attr("type", FailureClassName(classification.failure_class)) + ">" +
             EscapeMarkup(FailureBody(attempt, classification, root)) + "</" + element + ">";
    } else if (attempt.outcome == journeys::Outcome::kSkipped) {
      out += "<skipped/>";
    }
    out += SystemOut(attempt, root);
    out += "</testcase>\n";
    write(out);
  }
}

std::string RunProperties(const orchestrator::RunResult& run) {
  std::string out;
  auto add = [&out](const std::string& name, const std::string& value) {
    if (!value.empty()) out += Property(name, value);
  };
  add("cujo.version", run.run.cujo_version);
  add("chromium.version", run.run.chromium_version);
  add("base_url", run.run.base_url);
  add("shard", run.run.shard);
  add("interrupted", run.run.interrupted);
  nlohmann::json summary = SummaryOf(run);
  add("verdict", SummaryString(summary, "verdict"));
  for (const auto& reason : summary.value("reasons", nlohmann::json::array())) {
    if (reason.is_string()) add("reason", reason.get<std::string>());
  }
  return out.empty() ? "" : "<properties>" + out + "</properties>\n";
}

}  // namespace

void WriteJUnit(const orchestrator::RunResult& run, const std::string& artifact_root,
                const JUnitWriter& write) {
  // Tiers in the order they first appear (selection puts quick before slow).
  std::vector<std::string> tiers;
  std::map<std::string, std::vector<const JourneyRecord*>> by_tier;
  for (const auto& record : run.journeys) {
    std::string tier = record.tier.empty() ? "journeys" : record.tier;
    if (by_tier[tier].empty()) tiers.push_back(tier);
    by_tier[tier].push_back(&record);
  }
  auto budgets = BudgetsExceeded(SummaryOf(run));
  auto over_budget = [&budgets](const JourneyRecord& record) {
    auto slow = budgets.find(record.name);
    return slow != budgets.end() && !slow->second.empty();
  };
  // Counted first, written second: a long traffic run's junit.xml is tens of megabytes, and
  // the counts go in front of the test cases.
  std::map<std::string, SuiteCounts> suites;
  SuiteCounts total;
  for (const auto& tier : tiers) {
    for (const auto* record : by_tier[tier]) {
      suites[tier].Add(CountTestCases(*record, over_budget(*record)));
    }
    total.Add(suites[tier]);
  }
  total.ms = run.run.duration_ms;
  write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + Attr("name", "cujo") +
        total.Attributes() + ">\n");
  std::string properties = RunProperties(run);
  std::string timestamp = run.run.started_at.empty() ? "" : Attr("timestamp", run.run.started_at);
  std::string hostname =
      Attr("hostname", run.run.hostname.empty() ? "localhost" : run.run.hostname);
  for (const auto& tier : tiers) {
    write("<testsuite" + Attr("name", "cujo." + tier) + suites[tier].Attributes() + timestamp +
          hostname + ">\n" + properties);
    for (const auto* record : by_tier[tier]) {
      WriteTestCases(*record, artifact_root, write);
      if (over_budget(*record)) write(BudgetsTestCase(*record, budgets.at(record->name)));
    }
    write("</testsuite>\n");
  }
  write("</testsuites>\n");
}

}  // namespace artifacts
