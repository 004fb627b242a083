#include "journeys/page_recorder.h"

#include "cdp/json_fields.h"
#include "journeys/page_scripts.h"

#include <algorithm>
#include <cctype>

namespace journeys {

namespace {

// Response headers worth keeping: they say which backend served the page and how fast.
const char* const kHeadersOfInterest[] = {
    "server-timing", "backend-timing", "x-cache",      "x-cache-status",
    "age",           "server",         "x-powered-by", "x-request-id"};
// Kept records per kind: a journey on a broken page must not grow without bound.
constexpr size_t kMaxRecords = 200;
constexpr size_t kMaxInFlight = 50;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string WithoutFragment(const std::string& url) { return url.substr(0, url.find('#')); }

template <typename T>
void Append(std::vector<T>& records, T record) {
  if (records.size() < kMaxRecords) records.push_back(std::move(record));
}

std::string ConsoleArgument(const cdp::Json& arg) {
  auto value = arg.find("value");
  if (value != arg.end()) return value->is_string() ? value->get<std::string>() : value->dump();
  std::string description = cdp::StringField(arg, "description");
  return description.empty() ? cdp::StringField(arg, "type") : FirstLine(description);
}

}  // namespace

PageRecorder::PageRecorder(cdp::Page& page, Clock::time_point epoch)
    : main_frame_(page.target_id()), epoch_(epoch) {
  auto on = [&](const char* method, void (PageRecorder::*handler)(const cdp::Json&)) {
    subscriptions_.push_back(
        page.On(method, [this, handler](const cdp::Json& params) { (this->*handler)(params); }));
  };
  on("Network.requestWillBeSent", &PageRecorder::OnRequest);
  on("Network.responseReceived", &PageRecorder::OnResponse);
  on("Network.loadingFinished", &PageRecorder::OnLoadingFinished);
  on("Network.loadingFailed", &PageRecorder::OnLoadingFailed);
  on("Runtime.consoleAPICalled", &PageRecorder::OnConsole);
  on("Log.entryAdded", &PageRecorder::OnLogEntry);
  on("Runtime.exceptionThrown", &PageRecorder::OnException);
  on("Page.javascriptDialogOpening", &PageRecorder::OnDialog);
  on("Runtime.bindingCalled", &PageRecorder::OnBindingCalled);
  on("Runtime.executionContextsCleared", &PageRecorder::OnDocumentCommitted);
}

double PageRecorder::ElapsedMs() const {
  return std::chrono::duration<double, std::milli>(Clock::now() - epoch_).count();
}

int PageRecorder::last_status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_status_;
}

size_t PageRecorder::console_error_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return console_errors_;
}

size_t PageRecorder::exception_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return exceptions_.size();
}

void PageRecorder::OnRequest(const cdp::Json& params) {
  const cdp::Json& request = cdp::ObjectField(params, "request");
  double now = ElapsedMs();
  std::lock_guard<std::mutex> lock(mutex_);
  // A redirect is sent again under the same id: the wait started with the first.
  auto [it, first] = requests_.try_emplace(cdp::StringField(params, "requestId"));
  it->second.url = cdp::StringField(request, "url");
  it->second.method = cdp::StringField(request, "method");
  it->second.resource_type = cdp::StringField(params, "type");
  if (first) it->second.sent_ms = now;
}

void PageRecorder::OnResponse(const cdp::Json& params) {
  const cdp::Json& response = cdp::ObjectField(params, "response");
  int status = static_cast<int>(cdp::NumberField(response, "status"));
  std::string type = cdp::StringField(params, "type");
  const double now = ElapsedMs();
  std::lock_guard<std::mutex> lock(mutex_);
  auto request = requests_.find(cdp::StringField(params, "requestId"));
  if (type == "Document" && cdp::StringField(params, "frameId") == main_frame_) {
    NavigationRecord navigation;
    navigation.url = cdp::StringField(response, "url");
    navigation.status = status;
    // From its first request, so that start + ttfb, dcl or load falls where the steps show it.
    navigation.start_ms = request != requests_.end() ? request->second.sent_ms : now;
    auto headers = response.find("headers");
    if (headers != response.end() && headers->is_object()) {
      for (const auto& [name, value] : headers->items()) {
        std::string lower = Lower(name);
        for (const char* wanted : kHeadersOfInterest) {
          if (lower == wanted && value.is_string()) {
            navigation.headers[lower] = value.get<std::string>();
          }
        }
      }
    }
    // The status is the page's own even when the record is not kept (past kMaxRecords).
    last_status_ = status;
    last_navigation_kept_ = navigations_.size() < kMaxRecords;
    Append(navigations_, std::move(navigation));
  }
  if (status >= 400) {
    std::string method = request != requests_.end() ? request->second.method : "GET";
    Append(failed_requests_,
           RequestRecord{cdp::StringField(response, "url"), method, type, status, "", now});
  }
}

void PageRecorder::OnLoadingFinished(const cdp::Json& params) {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.erase(cdp::StringField(params, "requestId"));
}

void PageRecorder::OnLoadingFailed(const cdp::Json& params) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto request = requests_.find(cdp::StringField(params, "requestId"));
  if (request == requests_.end()) return;
  // A request cancelled because the page moved on is not a failure of the site.
  if (!cdp::BoolField(params, "canceled")) {
    Append(failed_requests_, RequestRecord{request->second.url, request->second.method,
                                           cdp::StringField(params, "type"), 0,
                                           cdp::StringField(params, "errorText"), ElapsedMs()});
  }
  requests_.erase(request);
}

void PageRecorder::OnConsole(const cdp::Json& params) {
  std::string type = cdp::StringField(params, "type");
  if (type != "error" && type != "warning" && type != "assert") return;
  ConsoleRecord record;
  record.level = type == "warning" ? "warning" : "error";
  for (const auto& arg : params.value("args", cdp::Json::array())) {
    if (!record.text.empty()) record.text += ' ';
    record.text += ConsoleArgument(arg);
  }
  auto frames = params.find("stackTrace");
  if (frames != params.end() && !(*frames)["callFrames"].empty()) {
    const cdp::Json& top = (*frames)["callFrames"][0];
    record.url = cdp::StringField(top, "url");
    record.line = top.value("lineNumber", 0) + 1;
  }
  record.at_ms = ElapsedMs();
  std::lock_guard<std::mutex> lock(mutex_);
  if (record.level == "error") ++console_errors_;
  Append(console_, std::move(record));
}

void PageRecorder::OnLogEntry(const cdp::Json& params) {
  const cdp::Json& entry = cdp::ObjectField(params, "entry");
  std::string level = cdp::StringField(entry, "level");
  if (level != "error" && level != "warning") return;
  ConsoleRecord record{level, cdp::StringField(entry, "text"), cdp::StringField(entry, "url"),
                       entry.value("lineNumber", 0) + 1, ElapsedMs()};
  std::lock_guard<std::mutex> lock(mutex_);
  if (level == "error") ++console_errors_;
  Append(console_, std::move(record));
}

void PageRecorder::OnDialog(const cdp::Json& params) {
  ConsoleRecord record{"warning",
                       "dialog (" + cdp::StringField(params, "type") +
                           ") answered by cujo: " + cdp::StringField(params, "message"),
                       cdp::StringField(params, "url"), 0, ElapsedMs()};
  std::lock_guard<std::mutex> lock(mutex_);
  Append(console_, std::move(record));
}

void PageRecorder::OnException(const cdp::Json& params) {
  const cdp::Json& details = cdp::ObjectField(params, "exceptionDetails");
  ExceptionRecord record;
  record.message = cdp::StringField(details, "text");
  auto exception = details.find("exception");
  if (exception != details.end()) {
    std::string description = cdp::StringField(*exception, "description");
    if (!description.empty()) record.message = FirstLine(description);
  }
  record.url = cdp::StringField(details, "url");
  record.line = details.value("lineNumber", 0) + 1;
  record.at_ms = ElapsedMs();
  std::lock_guard<std::mutex> lock(mutex_);
  Append(exceptions_, std::move(record));
}

bool PageRecorder::CurrentDocumentTimed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (committed_ >= navigations_.size()) return true;  // nothing to time
  const NavigationRecord& current = navigations_[committed_];
  return current.load_ms > 0 && current.lcp_ms.has_value();
}

void PageRecorder::OnDocumentCommitted(const cdp::Json&) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Its response came first; past the records kept, it has none.
  committed_ = last_navigation_kept_ ? navigations_.size() - 1 : kNone;
}

void PageRecorder::OnBindingCalled(const cdp::Json& params) {
  if (cdp::StringField(params, "name") != kTimingBinding) return;
  RecordTiming(cdp::Json::parse(cdp::StringField(params, "payload"), nullptr, false));
}

void PageRecorder::RecordTiming(const cdp::Json& timing) {
  if (!timing.is_object()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (committed_ >= navigations_.size()) return;  // kNone, or the records were taken
  NavigationRecord& current = navigations_[committed_];
  // A document without a response of its own (Chromium's error page) is not the record's.
  std::string url = cdp::StringField(timing, "url");
  if (!url.empty() && WithoutFragment(url) != WithoutFragment(current.url)) return;
  auto number = [&](const char* key) {
    auto it = timing.find(key);
    return it != timing.end() && it->is_number() ? it->get<double>() : -1.0;
  };
  current.ttfb_ms = number("ttfb");
  current.dom_content_loaded_ms = number("dcl");
  current.load_ms = number("load");
  if (number("lcp") >= 0) current.lcp_ms = number("lcp");
  if (number("cls") >= 0) current.cls = number("cls");
}

std::vector<RequestRecord> PageRecorder::InFlight() const {
  std::vector<RequestRecord> in_flight;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, request] : requests_) {
      in_flight.push_back(RequestRecord{request.url, request.method, request.resource_type, 0, "",
                                        request.sent_ms});
    }
  }
  std::sort(in_flight.begin(), in_flight.end(),
            [](const RequestRecord& a, const RequestRecord& b) { return a.at_ms < b.at_ms; });
  // The oldest are those a wait was on; a page that keeps asking must not grow the record.
  if (in_flight.size() > kMaxInFlight) in_flight.resize(kMaxInFlight);
  return in_flight;
}

void PageRecorder::MoveInto(AttemptResult& result) {
  std::lock_guard<std::mutex> lock(mutex_);
  result.navigations = std::move(navigations_);
  navigations_.clear();  // a moved-from vector is only "valid"; later events append to it
  committed_ = kNone;    // a report the page sends after this is no record's
  last_navigation_kept_ = false;
  result.console = std::move(console_);
  result.exceptions = std::move(exceptions_);
  result.failed_requests = std::move(failed_requests_);
}

}  // namespace journeys
