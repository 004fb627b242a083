#include "journeys/result.h"

#include "journeys/variables.h"

namespace nlohmann {

// Absent keys are absent values: results stay small and old files stay readable.
template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& value) {
    j = value ? json(*value) : json(nullptr);
  }
  static void from_json(const json& j, std::optional<T>& value) {
    value = j.is_null() ? std::nullopt : std::optional<T>(j.get<T>());
  }
};

}  // namespace nlohmann

namespace journeys {

NLOHMANN_JSON_SERIALIZE_ENUM(Outcome, {{Outcome::kPassed, "passed"},
                                       {Outcome::kFailed, "failed"},
                                       {Outcome::kSkipped, "skipped"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Location, file, line, column)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(StepError, kind, message, selector, expected,
                                                actual, failed_check)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Box, x, y, width, height)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(StepResult, label, kind, location, mark, start_ms,
                                                duration_ms, outcome, error, screenshot)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NavigationRecord, url, status, start_ms, ttfb_ms,
                                                dom_content_loaded_ms, load_ms, lcp_ms, cls,
                                                headers)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ConsoleRecord, level, text, url, line, at_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ExceptionRecord, message, url, line, at_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RequestRecord, url, method, resource_type, status,
                                                error_text, at_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MarkRecord, name, start_ms, duration_ms, outcome)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FailureArtifacts, screenshot, dom, url, element,
                                                scale)

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kSkipped:
      return "skipped";
  }
  return "unknown";
}

void to_json(nlohmann::json& j, const AttemptResult& r) {
  j = {{"journey", r.journey},
       {"attempt", r.attempt},
       {"started_at", r.started_at},
       {"duration_ms", r.duration_ms},
       {"outcome", r.outcome},
       {"error", r.error},
       {"steps", r.steps},
       {"navigations", r.navigations},
       {"console", r.console},
       {"exceptions", r.exceptions},
       {"failed_requests", r.failed_requests},
       {"requests_in_flight", r.requests_in_flight},
       {"marks", r.marks},
       {"failure", r.failure},
       {"browser", r.browser},
       {"round", r.round}};
}

void from_json(const nlohmann::json& j, AttemptResult& r) {
  AttemptResult defaults;
  auto field = [&](const char* key, auto& out) {
    auto it = j.find(key);
    if (it != j.end()) it->get_to(out);
  };
  r = defaults;
  field("journey", r.journey);
  field("attempt", r.attempt);
  field("started_at", r.started_at);
  field("duration_ms", r.duration_ms);
  field("outcome", r.outcome);
  field("error", r.error);
  field("steps", r.steps);
  field("navigations", r.navigations);
  field("console", r.console);
  field("exceptions", r.exceptions);
  field("failed_requests", r.failed_requests);
  field("requests_in_flight", r.requests_in_flight);
  field("marks", r.marks);
  field("failure", r.failure);
  field("browser", r.browser);
  field("round", r.round);
}

namespace {

void MaskStrings(nlohmann::json& j, const SecretMask& mask) {
  if (j.is_string()) {
    j = mask.Apply(j.get<std::string>());
  } else if (j.is_structured()) {
    for (auto& child : j) MaskStrings(child, mask);
  }
}

}  // namespace

void MaskSecrets(AttemptResult& result, const std::vector<std::string>& secrets) {
  SecretMask mask(secrets);
  if (mask.empty()) return;
  nlohmann::json j = result;
  MaskStrings(j, mask);
  result = j.get<AttemptResult>();
}

}  // namespace journeys
