// What one attempt of a journey recorded: the result model that reports and the summarizer
// read. Times are milliseconds since the attempt started unless named otherwise.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "journeys/journey.h"

namespace journeys {

enum class Outcome { kPassed, kFailed, kSkipped };
const char* OutcomeName(Outcome outcome);

// Why a step failed. `kind` is one of: assertion, timeout, actionability, navigation,
// http_status, evaluation, browser (the browser or page died), config.
struct StepError {
  std::string kind;
  std::string message;
  std::string selector;
  std::string expected;
  std::string actual;
  std::string failed_check;  // the actionability check that failed last: "visible", ...
};

struct Box {
  double x = 0, y = 0, width = 0, height = 0;  // CSS pixels in the screenshot
};

struct StepResult {
  std::string label;
  std::string kind;  // the step's YAML key
  Location location;
  std::string mark;  // the enclosing mark's name, if any
  double start_ms = 0;
  double duration_ms = 0;
  Outcome outcome = Outcome::kSkipped;
  std::optional<StepError> error;
  std::string screenshot;  // artifact path of a `screenshot` step
};

struct NavigationRecord {
  std::string url;
  int status = 0;
  double start_ms = 0;  // when its document was first requested (before any redirect)
  // Navigation Timing, relative to the navigation's start; -1 when not reported.
  double ttfb_ms = -1;
  double dom_content_loaded_ms = -1;
  double load_ms = -1;
  std::optional<double> lcp_ms;
  std::optional<double> cls;
  std::map<std::string, std::string> headers;  // server-timing, backend-timing, x-cache, ...
};

struct ConsoleRecord {
  std::string level;  // "error" or "warning"
  std::string text;
  std::string url;
  int line = 0;
  double at_ms = 0;
};

struct ExceptionRecord {
  std::string message;
  std::string url;
  int line = 0;
  double at_ms = 0;
};

// A request that failed at the network level (status 0, error_text set) or answered >= 400.
struct RequestRecord {
  std::string url;
  std::string method;
  std::string resource_type;  // Document, Script, Stylesheet, XHR, Fetch, Image, ...
  int status = 0;
  std::string error_text;
  double at_ms = 0;
};

struct MarkRecord {
  std::string name;
  double start_ms = 0;
  double duration_ms = 0;
  Outcome outcome = Outcome::kPassed;
};

struct FailureArtifacts {
  std::string screenshot;  // artifact paths
  std::string dom;
  std::string url;
  std::optional<Box> element;  // the failing step's element, to outline on the screenshot
  double scale = 1;  // screenshot pixels per CSS pixel (the viewport's device scale factor)
};

struct AttemptResult {
  std::string journey;
  int attempt = 1;
  std::string started_at;  // ISO 8601 UTC
  double duration_ms = 0;
  Outcome outcome = Outcome::kPassed;
  std::optional<StepError> error;  // the failure that ended the attempt
  std::vector<StepResult> steps;
  std::vector<NavigationRecord> navigations;
  std::vector<ConsoleRecord> console;
  std::vector<ExceptionRecord> exceptions;
  std::vector<RequestRecord> failed_requests;
  // When the attempt failed: the requests the page still waited for (at_ms: when each was
  // sent), oldest first. What a timeout was waiting on.
  std::vector<RequestRecord> requests_in_flight;
  std::vector<MarkRecord> marks;
  FailureArtifacts failure;
  std::string browser;  // which browser slot ran it (set by the orchestrator)
  // Which run of the journey it belongs to under --repeat and traffic mode, from 1 (set by the
  // orchestrator: rounds overlap, so the order attempts finish in does not tell); 0 in files
  // written before it was recorded.
  int round = 0;
};

// The step that failed the attempt, or nullptr (failed before any step, or passed). Inline:
// the failure classes (cujo_slo_policy) read results without linking the executor.
inline const StepResult* FailedStep(const AttemptResult& attempt) {
  for (const auto& step : attempt.steps) {
    if (step.outcome == Outcome::kFailed) return &step;
  }
  return nullptr;
}

void to_json(nlohmann::json& j, const AttemptResult& r);
void from_json(const nlohmann::json& j, AttemptResult& r);

// Replaces every secret in every string of `result` with ***.
void MaskSecrets(AttemptResult& result, const std::vector<std::string>& secrets);

}  // namespace journeys
