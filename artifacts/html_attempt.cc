#include "artifacts/html_attempt.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "artifacts/artifact_files.h"
#include "artifacts/baselines.h"
#include "artifacts/classify.h"
#include "artifacts/markup.h"
#include "artifacts/screenshots.h"
#include "cdp/base64.h"

namespace artifacts {

namespace {

using journeys::AttemptResult;

constexpr size_t kPreviewWidth = 960;
constexpr size_t kDiffWidth = 400;
constexpr size_t kThumbnailWidth = 160;
constexpr size_t kMaxDomBytes = 64 * 1024;

std::string E(std::string_view text) { return EscapeMarkup(text); }

std::string Link(const std::string& href, const std::string& text) {
  return "<a href=\"" + E(SafeUrl(href)) + "\" rel=\"noreferrer\">" + E(text) + "</a>";
}

// An inline image made from artifact `path` by `render`, linked to the full file; only the
// link when the file is missing or no image.
template <typename Render>
std::string Image(const std::string& out_dir, const std::string& path, const std::string& alt,
                  Render render) {
  std::string problem;
  try {
    if (auto bytes = ReadArtifact(out_dir, path)) {
      return "<a href=\"" + E(SafeUrl(path)) + "\"><img alt=\"" + E(alt) +
             "\" src=\"data:image/jpeg;base64," + cdp::Base64Encode(render(*bytes)) + "\"></a>";
    }
    problem = "missing";
  } catch (const std::exception& e) {
    problem = e.what();
  }
  return Link(path, path) + " <span class=\"muted\">(" + E(problem) + ")</span>";
}

std::string Row(const std::string& header, const std::string& html) {
  return html.empty() ? "" : "<tr><th>" + header + "</th><td>" + html + "</td></tr>";
}

std::string Code(const std::string& text) {
  return text.empty() ? "" : "<code class=\"wrap\">" + E(text) + "</code>";
}

std::string FailureHtml(const AttemptResult& attempt, const std::string& out_dir) {
  Classification classification = Classify(attempt);
  journeys::StepError error = attempt.error.value_or(journeys::StepError{});
  std::string out = "<div class=\"failure\"><p><span class=\"badge class\">" +
                    E(FailureClassName(classification.failure_class)) + "</span> <b>" +
                    E(error.message) + "</b></p><table>";
  if (const auto* step = journeys::FailedStep(attempt)) {
    out += Row("Step",
               E(step->label) + " <span class=\"loc\">" + E(step->location.ToString()) + "</span>");
  }
  out += Row("Error kind", E(error.kind)) + Row("Selector", Code(error.selector)) +
         Row("Expected", Code(error.expected)) + Row("Actual", Code(error.actual)) +
         Row("Failed check", E(error.failed_check));
  std::string evidence;
  for (const auto& line : classification.evidence) evidence += "<li>" + E(line) + "</li>";
  out += Row("Evidence", evidence.empty() ? "" : "<ul>" + evidence + "</ul>") +
         Row("Fingerprint", Code(classification.fingerprint));
  if (!attempt.failure.url.empty()) {
    out += Row("Page URL", Link(attempt.failure.url, attempt.failure.url));
  }
  out += "</table>";
  const auto& failure = attempt.failure;
  if (!failure.screenshot.empty()) {
    out += "<figure>" +
           Image(out_dir, failure.screenshot, "failure screenshot",
                 [&](const std::string& png) {
                   return FailurePreview(png, failure.element, failure.scale, kPreviewWidth);
                 }) +
           "<figcaption>The page when the step failed" +
           (failure.element ? std::string(", the failing element outlined") : "") + " · " +
           Link(failure.screenshot, "full size") + "</figcaption></figure>";
  }
  if (!failure.dom.empty()) {
    auto dom = ReadArtifact(out_dir, failure.dom);
    out += "<details><summary>DOM at failure · " + Link(failure.dom, failure.dom) + "</summary>";
    if (dom) {
      out += "<pre>" + E(Truncate(*dom, kMaxDomBytes)) + "</pre>";
      if (dom->size() > kMaxDomBytes) out += "<p class=\"muted\">Truncated: open the file.</p>";
    }
    out += "</details>";
  }
  return out + "</div>";
}

std::string Figure(const std::string& out_dir, const std::string& path, const std::string& caption,
                   size_t width) {
  return "<figure>" +
         Image(out_dir, path, caption,
               [width](const std::string& bytes) { return Thumbnail(bytes, width); }) +
         "<figcaption>" + E(caption) + "</figcaption></figure>";
}

std::string VisualDiffsHtml(const AttemptResult& attempt, const std::string& out_dir) {
  std::string out;
  for (const auto& step : attempt.steps) {
    if (!step.error || step.error->failed_check != "visual" || step.screenshot.empty()) continue;
    DiffPaths diffs = DiffPathsFor(step.screenshot);
    out += "<h3>Visual difference: " + E(step.label) + "</h3><div class=\"diffs\">" +
           Figure(out_dir, diffs.baseline, "baseline", kDiffWidth) +
           Figure(out_dir, step.screenshot, "this run", kDiffWidth) +
           Figure(out_dir, diffs.diff, "difference (red)", kDiffWidth) + "</div>";
  }
  return out;
}

// "edit-page.yaml:12": the row is narrow; the failure block shows the whole path.
std::string ShortLocation(const journeys::Location& location) {
  journeys::Location short_location = location;
  short_location.file = std::filesystem::path(location.file).filename().string();
  short_location.column = 0;
  return short_location.ToString();
}

std::string Percent(double part, double whole) {
  char buffer[16];
  snprintf(buffer, sizeof buffer, "%.2f%%", whole > 0 ? 100 * part / whole : 0);
  return buffer;
}

// Each step as a bar placed on the attempt's time line.
std::string StepsHtml(const AttemptResult& attempt) {
  if (attempt.steps.empty()) return "";
  double total = attempt.duration_ms;
  for (const auto& step : attempt.steps) total = std::max(total, step.start_ms + step.duration_ms);
  std::string out = "<h3>Steps</h3><ol class=\"steps\">";
  for (size_t i = 0; i < attempt.steps.size(); ++i) {
    const auto& step = attempt.steps[i];
    std::string mark =
        step.mark.empty() ? "" : " <span class=\"muted\">[" + E(step.mark) + "]</span>";
    out += std::string("<li class=\"o-") + journeys::OutcomeName(step.outcome) +
           "\"><span class=\"label\" title=\"" +
           E(step.label + " (" + step.location.ToString() + ")") + "\">" + std::to_string(i + 1) +
           ". " + E(step.label) + mark + "<span class=\"loc\">" + E(ShortLocation(step.location)) +
           "</span></span><span class=\"track\"><span class=\"bar\" style=\"left:" +
           Percent(step.start_ms, total) + ";width:" + Percent(step.duration_ms, total) +
           "\"></span></span><span class=\"num\">" +
           (step.outcome == journeys::Outcome::kSkipped ? "—" : HumanDuration(step.duration_ms)) +
           "</span></li>";
  }
  return out + "</ol>";
}

std::string FilmstripHtml(const AttemptResult& attempt, const std::string& out_dir) {
  std::string out;
  for (const auto& step : attempt.steps) {
    if (!step.screenshot.empty())
      out += Figure(out_dir, step.screenshot, step.label, kThumbnailWidth);
  }
  return out.empty() ? "" : "<h3>Screenshots</h3><div class=\"filmstrip\">" + out + "</div>";
}

std::string Source(const std::string& url, int line) {
  return url.empty() ? "" : url + ":" + std::to_string(line);
}

std::string PageRecordsHtml(const AttemptResult& attempt) {
  std::string out;
  if (!attempt.console.empty()) {
    out += "<h3>Console</h3><table><tr><th>Level</th><th>Message</th><th>Source</th></tr>";
    for (const auto& record : attempt.console) {
      out += "<tr><td>" + E(record.level) + "</td><td><code class=\"wrap\">" + E(record.text) +
             "</code></td><td class=\"wrap\">" + E(Source(record.url, record.line)) + "</td></tr>";
    }
    out += "</table>";
  }
  if (!attempt.exceptions.empty()) {
    out += "<h3>Uncaught exceptions</h3><table><tr><th>Message</th><th>Source</th></tr>";
    for (const auto& exception : attempt.exceptions) {
      out += "<tr><td><code class=\"wrap\">" + E(exception.message) +
             "</code></td><td class=\"wrap\">" + E(Source(exception.url, exception.line)) +
             "</td></tr>";
    }
    out += "</table>";
  }
  if (!attempt.failed_requests.empty()) {
    out +=
        "<h3>Failed requests</h3><table><tr><th>Status</th><th>Method</th><th>Type</th>"
        "<th>URL</th></tr>";
    for (const auto& request : attempt.failed_requests) {
      std::string status = request.status ? std::to_string(request.status) : request.error_text;
      out += "<tr><td>" + E(status) + "</td><td>" + E(request.method) + "</td><td>" +
             E(request.resource_type) + "</td><td class=\"wrap\">" + E(request.url) + "</td></tr>";
    }
    out += "</table>";
  }
  if (!attempt.requests_in_flight.empty()) {
    out +=
        "<h3>Requests in flight at the failure</h3><table><tr><th class=\"num\">Sent at</th>"
        "<th>Method</th><th>Type</th><th>URL</th></tr>";
    for (const auto& request : attempt.requests_in_flight) {
      out += "<tr><td class=\"num\">" + HumanDuration(request.at_ms) + "</td><td>" +
             E(request.method) + "</td><td>" + E(request.resource_type) +
             "</td><td class=\"wrap\">" + E(request.url) + "</td></tr>";
    }
    out += "</table>";
  }
  if (!attempt.navigations.empty()) {
    out +=
        "<h3>Navigations</h3><table><tr><th>URL</th><th class=\"num\">Status</th>"
        "<th class=\"num\">TTFB</th><th class=\"num\">DOMContentLoaded</th>"
        "<th class=\"num\">Load</th><th class=\"num\">LCP</th></tr>";
    auto timing = [](double ms) { return ms < 0 ? std::string("—") : HumanDuration(ms); };
    for (const auto& nav : attempt.navigations) {
      out += "<tr><td class=\"wrap\">" + E(nav.url) + "</td><td class=\"num\">" +
             std::to_string(nav.status) + "</td><td class=\"num\">" + timing(nav.ttfb_ms) +
             "</td><td class=\"num\">" + timing(nav.dom_content_loaded_ms) +
             "</td><td class=\"num\">" + timing(nav.load_ms) + "</td><td class=\"num\">" +
             timing(nav.lcp_ms.value_or(-1)) + "</td></tr>";
    }
    out += "</table>";
  }
  return out;
}

}  // namespace

std::string HumanDuration(double ms) {
  char buffer[32];
  if (ms < 1000) {
    snprintf(buffer, sizeof buffer, "%.0f ms", ms);
  } else {
    snprintf(buffer, sizeof buffer, "%.1f s", ms / 1000);
  }
  return buffer;
}

std::string RenderAttemptHtml(const AttemptView& view, const std::string& out_dir, bool open) {
  const AttemptResult& attempt = *view.attempt;
  const char* outcome = journeys::OutcomeName(attempt.outcome);
  bool failed = attempt.outcome == journeys::Outcome::kFailed;
  std::string out = std::string("<details class=\"attempt s-") + outcome + "\"" +
                    (open ? " open" : "") + "><summary>" + E(view.title) +
                    " <span class=\"badge s-" + outcome + "\">" + outcome +
                    "</span> <span class=\"muted\">" + HumanDuration(attempt.duration_ms) + " · " +
                    E(attempt.browser) + " · " + E(attempt.started_at) + "</span>";
  if (failed) {
    out += " <span class=\"badge class\">" + E(FailureClassName(Classify(attempt).failure_class)) +
           "</span>";
  }
  out += "</summary>";
  if (failed) out += FailureHtml(attempt, out_dir);
  out += VisualDiffsHtml(attempt, out_dir) + StepsHtml(attempt) + FilmstripHtml(attempt, out_dir) +
         PageRecordsHtml(attempt);
  return out + "</details>";
}

}  // namespace artifacts
