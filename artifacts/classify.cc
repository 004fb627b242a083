#include "artifacts/classify.h"

#include <algorithm>
#include <cstdio>

#include "journeys/net_errors.h"
#include "journeys/url_parts.h"

namespace artifacts {

namespace {

using journeys::PathOf;

// Resources a page cannot work without: a 5xx on one of them breaks the page.
bool PageDependsOn(const std::string& resource_type) {
  return resource_type == "Document" || resource_type == "Script" ||
         resource_type == "Stylesheet" || resource_type == "XHR" || resource_type == "Fetch";
}

// When the attempt failed, on its clock: the end of the failed step, else of the attempt.
double FailedAtMs(const journeys::AttemptResult& attempt) {
  const journeys::StepResult* step = journeys::FailedStep(attempt);
  return step != nullptr ? step->start_ms + step->duration_ms : attempt.duration_ms;
}

// "still waiting for 2 requests when it failed, the oldest for 9.8 s: GET URL (Script)": what
// a timeout waited on (a stalled backend, a script that never came).
std::string InFlightEvidence(const journeys::AttemptResult& attempt) {
  const auto& oldest = attempt.requests_in_flight.front();
  size_t count = attempt.requests_in_flight.size();
  char waited[32];
  snprintf(waited, sizeof waited, "%.1f s",
           std::max(0.0, FailedAtMs(attempt) - oldest.at_ms) / 1000);
  return "still waiting for " + std::to_string(count) + (count == 1 ? " request" : " requests") +
         " when it failed" + (count == 1 ? ", for " : ", the oldest for ") + waited + ": " +
         oldest.method + " " + oldest.url + " (" + oldest.resource_type + ")";
}

Classification Make(FailureClass failure_class, std::string evidence, std::string cause) {
  Classification c;
  c.failure_class = failure_class;
  c.evidence.push_back(std::move(evidence));
  c.fingerprint = std::string(FailureClassName(failure_class)) + ": " + Normalize(cause);
  return c;
}

}  // namespace

const char* FailureClassName(FailureClass failure_class) {
  switch (failure_class) {
    case FailureClass::kAssertion:
      return "assertion";
    case FailureClass::kServerError:
      return "server_error";
    case FailureClass::kClientError:
      return "client_error";
    case FailureClass::kSlow:
      return "slow";
    case FailureClass::kTimeout:
      return "timeout";
    case FailureClass::kInfra:
      return "infra";
    case FailureClass::kConfig:
      return "config";
  }
  return "unknown";
}

bool IsProductClass(FailureClass failure_class) {
  return failure_class != FailureClass::kInfra && failure_class != FailureClass::kConfig;
}

namespace {

// The first record that explains the failure decides the class; the order is the precedence.
Classification Decide(const journeys::AttemptResult& attempt, const journeys::StepError& error) {
  if (error.kind == "config") return Make(FailureClass::kConfig, error.message, error.message);
  if (error.kind == "browser" || error.kind == "internal") {
    return Make(FailureClass::kInfra, error.message, error.message);
  }
  // The renderer crashed on its own running the page (a killed one is `browser`): a user of
  // the build sees the tab die ("Aw, Snap!"), so it is the build's failure, told by the page.
  if (error.kind == "crash") {
    std::string page = attempt.navigations.empty() ? "" : attempt.navigations.back().url;
    return Make(FailureClass::kClientError,
                error.message + (page.empty() ? "" : " (on " + page + ")"),
                "the renderer crashed on " + (page.empty() ? "a blank page" : PathOf(page)));
  }
  // The browser refused the target's certificate: how cujo reaches it is to fix, not the build.
  std::string_view tls = journeys::TlsError(error.message);
  if (error.kind == "navigation" && !tls.empty()) {
    return Make(FailureClass::kConfig,
                error.message + " (a certificate of a test CA? cujo accepts any with --insecure)",
                "TLS refused: " + std::string(tls));
  }
  // No connection could be made: the target or the network is down, the build said nothing.
  std::string_view unreachable = journeys::UnreachableError(error.message);
  if (error.kind == "navigation" && !unreachable.empty()) {
    return Make(FailureClass::kInfra, error.message,
                "target unreachable: " + std::string(unreachable));
  }
  // The server dropped the page without a whole answer (the scheduler already retried it if
  // this was the network's doing): what the journey then saw follows from that.
  std::string_view hung_up = journeys::HungUpError(error.message);
  if (error.kind == "navigation" && !hung_up.empty()) {
    return Make(FailureClass::kServerError, error.message,
                "the server hung up: " + std::string(hung_up));
  }
  for (const auto& request : attempt.failed_requests) {
    hung_up = journeys::HungUpError(request.error_text);
    if (request.resource_type == "Document" && !hung_up.empty()) {
      return Make(FailureClass::kServerError,
                  "the server hung up: " + request.error_text + " on " + request.url,
                  "the server hung up: " + std::string(hung_up) + " from " + PathOf(request.url));
    }
  }
  // The server failing explains whatever the journey then saw (a missing element included).
  for (const auto& navigation : attempt.navigations) {
    if (navigation.status >= 500) {
      return Make(FailureClass::kServerError,
                  "HTTP " + std::to_string(navigation.status) + " on " + navigation.url,
                  "HTTP " + std::to_string(navigation.status) + " from " + PathOf(navigation.url));
    }
  }
  for (const auto& request : attempt.failed_requests) {
    if (request.status >= 500 && PageDependsOn(request.resource_type)) {
      return Make(FailureClass::kServerError,
                  "HTTP " + std::to_string(request.status) + " on " + request.resource_type + " " +
                      request.url,
                  "HTTP " + std::to_string(request.status) + " from " + PathOf(request.url));
    }
  }
  // The page came, then its own server refused what the page needs (its scripts, styles, API
  // calls): the target went down mid-page. What the journey then saw (a timeout, a missing
  // element) follows from that; the scheduler treats it as the connection failure it is.
  // Another origin's resource stays with the page: a build may point at a host that is gone.
  if (!attempt.navigations.empty()) {
    const std::string origin = journeys::OriginOf(attempt.navigations.back().url);
    for (const auto& request : attempt.failed_requests) {
      unreachable = journeys::UnreachableError(request.error_text);
      if (!unreachable.empty() && PageDependsOn(request.resource_type) &&
          journeys::OriginOf(request.url) == origin) {
        return Make(
            FailureClass::kInfra,
            "target unreachable: " + request.error_text + " on " + request.resource_type + " " +
                request.url,
            "target unreachable: " + std::string(unreachable) + " from " + PathOf(request.url));
      }
    }
  }
  if (error.kind == "http_status" || error.kind == "navigation") {
    // A 4xx the journey did not expect, or a net error mid-response.
    return Make(error.actual.size() == 3 && error.actual[0] == '5' ? FailureClass::kServerError
                                                                   : FailureClass::kAssertion,
                error.message, error.message);
  }
  if (!attempt.exceptions.empty()) {
    const auto& exception = attempt.exceptions.front();
    return Make(FailureClass::kClientError,
                "uncaught exception: " + exception.message +
                    (exception.url.empty() ? "" : " at " + exception.url),
                "uncaught " + exception.message);
  }
  if (error.expected.find("no console errors") != std::string::npos ||
      error.message.find("no console errors") != std::string::npos) {
    std::string first = attempt.console.empty() ? error.message : attempt.console.front().text;
    return Make(FailureClass::kClientError, "console error: " + first, "console error: " + first);
  }
  if (error.kind == "timeout" || error.kind == "actionability") {
    std::string check = error.failed_check.empty() ? "" : " (" + error.failed_check + ")";
    // A wait on no element (a navigation's `load`, a URL) is told by its message.
    return Make(FailureClass::kTimeout, error.message + check,
                error.selector.empty() ? error.message : "waited for " + error.selector + check);
  }
  return Make(FailureClass::kAssertion, error.message, error.message);
}

}  // namespace

Classification Classify(const journeys::AttemptResult& attempt) {
  const journeys::StepError error = attempt.error.value_or(journeys::StepError{});
  Classification c = Decide(attempt, error);
  // What the journey saw, when the class came from another record (the 5xx behind a missing
  // element): both belong in the evidence.
  if (!error.message.empty() && c.evidence.front().find(error.message) == std::string::npos) {
    c.evidence.push_back("the step failed: " + error.message);
  }
  if (!error.expected.empty() || !error.actual.empty()) {
    c.evidence.push_back("expected " + error.expected + ", got " + error.actual);
  }
  if (!attempt.requests_in_flight.empty()) c.evidence.push_back(InFlightEvidence(attempt));
  return c;
}

}  // namespace artifacts
