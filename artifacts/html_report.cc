#include "artifacts/html_report.h"

#include <map>
#include <set>

#include "artifacts/attempts.h"
#include "artifacts/classify.h"
#include "artifacts/html_attempt.h"
#include "artifacts/markup.h"
#include "artifacts/report_assets.h"

namespace artifacts {

namespace {

using orchestrator::JourneyRecord;
using orchestrator::RunResult;

// Attempts shown in full per journey; beyond it (traffic mode) the last and at most as many
// failed ones.
constexpr size_t kDetailedAttempts = 12;

std::string E(std::string_view text) { return EscapeMarkup(text); }

std::string Anchor(const std::string& journey) { return "j-" + E(journey); }

std::string HeaderHtml(const RunResult& run, const nlohmann::json& summary) {
  std::string verdict = SummaryString(summary, "verdict");
  std::string out = "<h1>cujo report</h1><p><span class=\"verdict v-" + E(verdict) + "\">" +
                    E(verdict.empty() ? "NO VERDICT" : verdict) +
                    "</span> <span class=\"muted\">exit " +
                    std::to_string(summary.value("exit_code", 0)) + "</span></p>";
  std::string reasons;
  for (const auto& reason : summary.value("reasons", nlohmann::json::array())) {
    if (reason.is_string()) reasons += "<li>" + E(reason.get<std::string>()) + "</li>";
  }
  if (!reasons.empty()) out += "<ul class=\"reasons\">" + reasons + "</ul>";
  out += "<dl class=\"meta\">";
  auto item = [&out](const char* name, const std::string& value) {
    if (!value.empty()) out += std::string("<dt>") + name + "</dt><dd>" + E(value) + "</dd>";
  };
  item("Target", run.run.base_url);
  item("Started", run.run.started_at);
  item("Finished", run.run.finished_at);
  item("Duration", HumanDuration(run.run.duration_ms));
  item("Shard", run.run.shard);
  item("Interrupted", run.run.interrupted);
  item("cujo", run.run.cujo_version);
  item("Chromium", run.run.chromium_version);
  item("Host", run.run.hostname);
  return out + "</dl>";
}

std::string CountsHtml(const nlohmann::json& summary) {
  std::map<std::string, int> by_status;
  std::map<std::string, int> by_class;
  for (const auto& journey : summary.value("journeys", nlohmann::json::array())) {
    ++by_status[SummaryString(journey, "status")];
    for (const auto& failure : journey.value("failures", nlohmann::json::array())) {
      ++by_class[SummaryString(failure, "class")];
    }
  }
  std::string out = "<h2>Journeys by outcome</h2><div class=\"counts\">";
  for (const char* status : kJourneyStatuses) {
    out += std::string("<div class=\"count s-") + status + "\"><b>" +
           std::to_string(by_status[status]) + "</b>" + status + "</div>";
  }
  out += "</div>";
  if (by_class.empty()) return out;
  out += "<h2>Failed attempts by class</h2><div class=\"counts\">";
  for (const auto& [name, count] : by_class) {
    out += "<div class=\"count\"><b>" + std::to_string(count) + "</b>" + E(name) + "</div>";
  }
  out += "</div>";
  std::string groups;
  for (const auto& group : summary.value("groups", nlohmann::json::array())) {
    std::string journeys;
    for (const auto& name : group.value("journeys", nlohmann::json::array())) {
      if (!name.is_string()) continue;
      std::string journey = name.get<std::string>();
      journeys += (journeys.empty() ? "" : ", ") + std::string("<a href=\"#") + Anchor(journey) +
                  "\">" + E(journey) + "</a>";
    }
    groups += "<tr><td><span class=\"badge class\">" + E(SummaryString(group, "class")) +
              "</span></td><td><code class=\"wrap\">" + E(SummaryString(group, "fingerprint")) +
              "</code></td><td>" + journeys + "</td></tr>";
  }
  if (!groups.empty()) {
    out +=
        "<h2>Failures grouped by cause</h2><table><tr><th>Class</th><th>Cause</th>"
        "<th>Journeys</th></tr>" +
        groups + "</table>";
  }
  return out;
}

struct JourneyStatus {
  std::string status = "not_run";
  std::set<std::string> classes;
  std::string baseline;  // against a baseline run: new, known or fixed

  // The status badge, and the baseline's label when there is one.
  std::string Badges() const {
    std::string out = "<span class=\"badge status\">" + E(status) + "</span>";
    if (!baseline.empty())
      out += " <span class=\"badge b-" + E(baseline) + "\">" + E(baseline) + "</span>";
    return out;
  }
};

std::map<std::string, JourneyStatus> StatusByJourney(const nlohmann::json& summary) {
  std::map<std::string, JourneyStatus> out;
  for (const auto& journey : summary.value("journeys", nlohmann::json::array())) {
    JourneyStatus& status = out[SummaryString(journey, "name")];
    status.status = SummaryString(journey, "status");
    status.baseline = SummaryString(journey, "baseline");
    for (const auto& failure : journey.value("failures", nlohmann::json::array())) {
      status.classes.insert(SummaryString(failure, "class"));
    }
  }
  return out;
}

std::string Classes(const JourneyStatus& status) {
  std::string out;
  for (const auto& name : status.classes)
    out += "<span class=\"badge class\">" + E(name) + "</span> ";
  return out;
}

std::string TableHtml(const RunResult& run, const std::map<std::string, JourneyStatus>& statuses) {
  std::string out =
      "<table><tr><th>Journey</th><th>Tier</th><th>Status</th><th class=\"num\">Attempts</th>"
      "<th class=\"num\">Duration</th><th>Failure class</th></tr>";
  for (const auto& record : run.journeys) {
    const JourneyStatus& status = statuses.at(record.name);
    std::string duration =
        record.attempts.empty() ? "—" : HumanDuration(record.attempts.back().duration_ms);
    out += "<tr class=\"s-" + E(status.status) + "\"><td><a href=\"#" + Anchor(record.name) +
           "\">" + E(record.name) + "</a></td><td>" + E(record.tier) + "</td><td>" +
           status.Badges() + "</td><td class=\"num\">" + std::to_string(record.attempts.size()) +
           "</td><td class=\"num\">" + duration + "</td><td>" + Classes(status) + "</td></tr>";
  }
  return out + "</table>";
}

std::string BudgetsHtml(const std::vector<std::string>& evidence) {
  std::string items;
  for (const auto& line : evidence) items += "<li>" + E(line) + "</li>";
  return "<div class=\"failure\"><p><span class=\"badge class\">slow</span> <b>Duration budgets "
         "exceeded</b></p><ul>" +
         items + "</ul></div>";
}

std::string JourneyHtml(const JourneyRecord& record, const JourneyStatus& status,
                        const std::vector<std::string>& budgets, const std::string& out_dir) {
  std::string out = "<section class=\"journey s-" + E(status.status) + "\" id=\"" +
                    Anchor(record.name) + "\"><h2>" + E(record.name) + " " + status.Badges() +
                    "</h2>";
  if (!record.description.empty()) out += "<p>" + E(record.description) + "</p>";
  out += "<p class=\"muted\">" + E(record.file) +
         (record.tier.empty() ? "" : " · " + E(record.tier)) + "</p>";
  if (record.attempts.empty()) {
    return out + "<p>Not run" +
           (record.not_run_reason.empty() ? "" : ": " + E(record.not_run_reason)) +
           ".</p></section>";
  }
  if (!budgets.empty()) out += BudgetsHtml(budgets);
  std::vector<AttemptView> views = ViewAttempts(record);
  auto failed = [&views](size_t i) {
    return views[i].attempt->outcome == journeys::Outcome::kFailed;
  };
  std::vector<bool> shown(views.size(), views.size() <= kDetailedAttempts);
  shown.back() = true;
  // The failures that decided their rounds (the verdict's evidence) first, then those a retry
  // recovered, wherever they are in a long run.
  size_t failures_shown = 0;
  for (bool deciding : {true, false}) {
    for (size_t i = 0; i < views.size() && failures_shown < kDetailedAttempts; ++i) {
      if (!shown[i] && failed(i) && views[i].last_of_round == deciding) {
        shown[i] = true;
        ++failures_shown;
      }
    }
  }
  size_t hidden = 0;
  for (size_t i = 0; i < views.size(); ++i) {
    if (!shown[i]) {
      ++hidden;
      continue;
    }
    bool last = i + 1 == views.size();
    // Open what a QA engineer came for: the failures of a journey that did not pass cleanly.
    out += RenderAttemptHtml(views[i], out_dir, failed(i) && (last || status.status == "flaky"));
  }
  if (hidden > 0) {
    out +=
        "<p class=\"muted\">" + std::to_string(hidden) + " more attempts are in results.json.</p>";
  }
  return out + "</section>";
}

}  // namespace

std::string RenderHtmlReport(const RunResult& run, const std::string& out_dir) {
  nlohmann::json summary = SummaryOf(run);
  auto statuses = StatusByJourney(summary);
  for (const auto& record : run.journeys) statuses.emplace(record.name, JourneyStatus{});
  std::string title = "cujo " + SummaryString(summary, "verdict") + " · " + run.run.base_url;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "img-src data:; style-src 'unsafe-inline'\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"cujo " +
      E(run.run.cujo_version) + "\"><title>" + E(title) + "</title><style>" + kReportCss +
      "</style></head><body><main>";
  out += HeaderHtml(run, summary) + CountsHtml(summary);
  // The filter checkbox precedes the table and the sections it hides (CSS sibling selector).
  out +=
      "<h2>Journeys</h2><input type=\"checkbox\" id=\"only-problems\">"
      "<label class=\"filter\" for=\"only-problems\">Only journeys that did not pass "
      "cleanly</label>";
  out += TableHtml(run, statuses);
  auto budgets = BudgetsExceeded(summary);
  for (const auto& record : run.journeys) {
    out += JourneyHtml(record, statuses.at(record.name), budgets[record.name], out_dir);
  }
  return out + "</main></body></html>\n";
}

}  // namespace artifacts
