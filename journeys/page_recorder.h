// Listens to one page for the whole attempt and keeps what a QA engineer needs afterwards:
// main-document navigations with their status and headers, console errors and warnings,
// uncaught exceptions, dialogs, requests that failed or answered >= 400, and those still
// unanswered when a step fails.
#pragma once

#include <chrono>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "cdp/page.h"
#include "journeys/result.h"

namespace journeys {

class PageRecorder {
 public:
  using Clock = std::chrono::steady_clock;
  // Subscribes at once. The page's Log domain must be on (cdp::BrowserContext::NewPage does
  // that): failed resource loads reach the console through it. `epoch` is the attempt's
  // start, the zero of every at_ms.
  PageRecorder(cdp::Page& page, Clock::time_point epoch);

  double ElapsedMs() const;
  // HTTP status of the last main-frame document, 0 before any.
  int last_status() const;
  size_t console_error_count() const;
  size_t exception_count() const;
  // Navigation Timing and web vitals of the current document ({url, ttfb, dcl, load, lcp,
  // cls}; null when unknown) into its record, unless `url` names another document. The page
  // sends them itself (vitals.js); this is for asking.
  void RecordTiming(const cdp::Json& timing);
  // Whether the current document has sent its load and its LCP (there may be later changes).
  bool CurrentDocumentTimed() const;
  // The requests sent and not yet answered in full, oldest first (at_ms: when each was sent).
  std::vector<RequestRecord> InFlight() const;
  // Moves the records into `result`.
  void MoveInto(AttemptResult& result);

 private:
  void OnRequest(const cdp::Json& params);
  void OnResponse(const cdp::Json& params);
  void OnLoadingFinished(const cdp::Json& params);
  void OnLoadingFailed(const cdp::Json& params);
  void OnConsole(const cdp::Json& params);
  void OnLogEntry(const cdp::Json& params);
  void OnException(const cdp::Json& params);
  void OnDialog(const cdp::Json& params);
  void OnBindingCalled(const cdp::Json& params);
  void OnDocumentCommitted(const cdp::Json& params);

  struct Request {
    std::string url;
    std::string method;
    std::string resource_type;
    double sent_ms = 0;
  };

  const std::string main_frame_;
  const Clock::time_point epoch_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Request> requests_;
  std::vector<NavigationRecord> navigations_;
  std::vector<ConsoleRecord> console_;
  std::vector<ExceptionRecord> exceptions_;
  std::vector<RequestRecord> failed_requests_;
  size_t console_errors_ = 0;
  int last_status_ = 0;
  bool last_navigation_kept_ = false;
  // The record of the document in the main frame now: the one whose scripts talk to us. A
  // report it sent may arrive after the next navigation's response (the old document lives
  // until the new one commits), so this is not always the last record.
  static constexpr size_t kNone = static_cast<size_t>(-1);
  size_t committed_ = kNone;
  // Last: unsubscribed first, while the state their handlers touch is still alive.
  std::vector<cdp::Subscription> subscriptions_;
};

}  // namespace journeys
