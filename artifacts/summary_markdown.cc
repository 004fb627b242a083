#include "artifacts/summary_markdown.h"

#include "artifacts/attempts.h"

namespace artifacts {

namespace {

using nlohmann::json;

// Markdown that cannot break out of its line or inline code.
std::string Code(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '`' ? '\'' : c == '\n' ? ' ' : c;
  return "`" + out + "`";
}

// A reason as one line of text: its evidence comes from the page (text, exception messages),
// which must not start a heading or a list item of its own, or make a link, an image or HTML.
// Reasons stay readable as plain text too ("[new] edit-page: ..."): only what would make
// markup is escaped.
std::string Plain(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    bool link_target = c == '(' && i > 0 && text[i - 1] == ']';  // [text](url)
    if (c == '<' || c == '>' || c == '`' || c == '\\' || link_target) out += '\\';
    out += c;
  }
  return out;
}

std::string Strings(const json& list) {
  std::string out;
  for (const auto& item : list) {
    if (item.is_string()) out += (out.empty() ? "" : ", ") + item.get<std::string>();
  }
  return out;
}

std::string JourneyLine(const json& journey) {
  std::string out =
      "- **" + SummaryString(journey, "name") + "** (" + SummaryString(journey, "status") + ")";
  const json failures = journey.value("failures", json::array());
  if (!failures.empty()) {
    const json& last = failures.back();
    out += ": " + SummaryString(last, "class") + ": " +
           Code(Strings(last.value("evidence", json::array())));
  }
  std::string screenshot = SummaryString(journey, "screenshot");
  if (!screenshot.empty()) out += " · [screenshot](" + screenshot + ")";
  return out + "\n";
}

}  // namespace

std::string RenderSummaryMarkdown(const orchestrator::RunResult& run) {
  const json summary = SummaryOf(run);
  std::string out = "## cujo: " + SummaryString(summary, "verdict") + " (exit " +
                    std::to_string(summary.value("exit_code", 0)) + ")\n\n";
  out += run.run.base_url + " · " + run.run.started_at + " · policy " +
         Code(SummaryString(summary, "policy")) + "\n\n";
  for (const auto& reason : summary.value("reasons", json::array())) {
    if (reason.is_string()) out += "- " + Plain(reason.get<std::string>()) + "\n";
  }
  const json journeys = summary.value("journeys", json::array());
  const std::pair<const char*, const char*> sections[] = {
      {"new", "New failures"},
      {"known", "Known failures (also in the baseline)"},
      {"", "Failures"},
      {"fixed", "Fixed since the baseline"}};
  for (const auto& [label, title] : sections) {
    std::string lines;
    for (const auto& journey : journeys) {
      std::string status = SummaryString(journey, "status");
      bool failing = status == "failed" || status == "slow" || status == "flaky";
      std::string mark = SummaryString(journey, "baseline");  // new, known, fixed or ""
      if (*label != '\0' ? mark == label : mark.empty() && failing) lines += JourneyLine(journey);
    }
    if (!lines.empty()) out += std::string("\n### ") + title + "\n\n" + lines;
  }
  std::string groups;
  for (const auto& group : summary.value("groups", json::array())) {
    const json names = group.value("journeys", json::array());
    groups += "- " + std::to_string(names.size()) +
              (names.size() == 1 ? " journey: " : " journeys: ") +
              Code(SummaryString(group, "fingerprint")) + " (" + Strings(names) + ")\n";
  }
  if (!groups.empty()) out += "\n### Grouped by cause\n\n" + groups;
  out += "\nFull report: [report.html](report.html) · results: [results.json](results.json)\n";
  return out;
}

}  // namespace artifacts
