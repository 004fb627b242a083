#include "journeys/page_driver.h"

#include <algorithm>
#include <cstddef>
#include <regex>
#include <thread>

#include "cdp/json_fields.h"
#include "journeys/keys.h"
#include "journeys/navigation_watcher.h"
#include "journeys/step_failure.h"
#include "journeys/url_pattern.h"

namespace journeys {

namespace {

using cdp::Json;
using std::chrono::milliseconds;

// The journey language's wait points are the protocol's load states.
cdp::LoadState ToLoadState(WaitUntil until) {
  switch (until) {
    case WaitUntil::kCommit:
      return cdp::LoadState::kCommit;
    case WaitUntil::kDomContentLoaded:
      return cdp::LoadState::kDomContentLoaded;
    case WaitUntil::kNetworkIdle:
      return cdp::LoadState::kNetworkIdle;
    case WaitUntil::kLoad:
      break;
  }
  return cdp::LoadState::kLoad;
}

// Playwright's back-off between polls: fast at first, since most conditions hold within a
// frame or two, then gentle on the page.
const milliseconds kBackoff[] = {milliseconds(0), milliseconds(20), milliseconds(100),
                                 milliseconds(100), milliseconds(500)};

// Waits before poll number `attempt`, without sleeping past `deadline`. Returns false when the
// deadline has passed.
bool BackOff(size_t attempt, Deadline deadline) {
  if (std::chrono::steady_clock::now() >= deadline) return false;
  milliseconds delay = kBackoff[std::min(attempt, std::size(kBackoff) - 1)];
  auto until = std::min(std::chrono::steady_clock::now() + delay, deadline);
  std::this_thread::sleep_until(until);
  return true;
}

[[noreturn]] void Throw(std::string kind, std::string message, std::string selector = {},
                        std::string expected = {}, std::string actual = {},
                        std::string failed_check = {}) {
  throw StepFailure(StepError{std::move(kind), std::move(message), std::move(selector),
                              std::move(expected), std::move(actual), std::move(failed_check)});
}

std::string CheckDescription(const Json& probe) {
  std::string failed = cdp::StringField(probe, "failed");
  std::string detail = cdp::StringField(probe, "detail");
  std::string text;
  if (failed == "attached") {
    text = "no element matches";
  } else if (failed == "unique") {
    text = std::to_string(probe.value("count", 0)) +
           " elements match; an action needs exactly one (" + detail + ")";
    detail.clear();
  } else if (failed == "visible") {
    text = "element is not visible";
  } else if (failed == "enabled") {
    text = "element is disabled";
  } else if (failed == "editable") {
    text = "element is not editable";
  } else if (failed == "stable") {
    text = "element is not stable";
  } else if (failed == "receives events") {
    text = "element does not receive pointer events";
  } else {
    text = failed.empty() ? "page not ready" : failed;
  }
  return detail.empty() ? text : text + ": " + detail;
}

std::string Seconds(milliseconds span) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(span.count()) / 1000);
  return buffer;
}

// The step's whole budget, for messages ("waited 10.0 s").
milliseconds Budget(std::chrono::steady_clock::time_point started, Deadline deadline) {
  return std::chrono::duration_cast<milliseconds>(deadline - started);
}

Json TextMatchJson(const TextMatch& match) {
  const char* op = match.op == TextMatch::Op::kEquals     ? "equals"
                   : match.op == TextMatch::Op::kContains ? "contains"
                                                          : "matches";
  return {{"op", op}, {"expected", match.expected}};
}

std::string Describe(const TextMatch& match) {
  switch (match.op) {
    case TextMatch::Op::kEquals:
      return "\"" + match.expected + "\"";
    case TextMatch::Op::kContains:
      return "contains \"" + match.expected + "\"";
    case TextMatch::Op::kMatches:
      return "matches /" + match.expected + "/";
  }
  return match.expected;
}

bool IsTransient(const cdp::Error& e) {
  // A navigation replaced the document mid-poll (try again in the new one), or the page was
  // too busy to answer this poll before the deadline (the caller reports what it last saw).
  return e.kind() == cdp::ErrorKind::kProtocol || e.kind() == cdp::ErrorKind::kEvaluation ||
         e.kind() == cdp::ErrorKind::kTimeout;
}

// A poll near the deadline still gets a fair chance to answer: steps may overrun by this much.
constexpr milliseconds kMinimumPollTime{200};

// The longest a document's first action, and its console and exception checks, wait for the
// page to be idle: one that never is (an endless animation) is acted on or judged then.
constexpr milliseconds kSettleTime{1000};

// How long `expect` with `reload` checks one document before reloading it: a person reloads
// now and then, not in a loop, and the server must not be hammered.
constexpr milliseconds kReloadInterval{1000};

// The failures of an `expect` check are only "page not ready": the page never answered.
bool OnlyPageNotReady(const Json& failures) {
  return failures.size() == 1 && cdp::StringField(failures[0], "check") == "page";
}

}  // namespace

PageDriver::PageDriver(cdp::Page& page, cdp::IsolatedWorld& world, const PageRecorder& recorder)
    : page_(page), world_(world), recorder_(recorder) {}

Json PageDriver::CallHelper(const std::string& function, const Json& args, Deadline deadline) {
  std::string call = "globalThis.__cujo." + function + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) call += ",";
    call += args[i].dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  call += ")";
  return world_.Evaluate(call, std::max(Remaining(deadline), kMinimumPollTime));
}

void PageDriver::LetThePageSettle(Deadline deadline) {
  auto wait = std::min(Remaining(deadline), kSettleTime);
  try {
    CallHelper("settle", Json::array({wait.count()}), deadline);
  } catch (const cdp::Error& e) {
    if (!IsTransient(e)) throw;  // a document going: what it threw is counted already
  }
}

Box PageDriver::WaitActionable(const std::string& action, const std::string& selector,
                               const Need& need, Deadline deadline) {
  auto started = std::chrono::steady_clock::now();
  Json options = {
      {"settle", kSettleTime.count()}, {"enabled", need.enabled}, {"editable", need.editable},
      {"stable", need.stable},         {"hit", need.hit},         {"then", need.then}};
  Json last;
  for (size_t attempt = 0; BackOff(attempt, deadline); ++attempt) {
    try {
      last = CallHelper("probe", Json::array({selector, options}), deadline);
    } catch (const cdp::Error& e) {
      if (!IsTransient(e)) throw;
      last = {{"failed", "page not ready"}, {"detail", e.what()}};
      continue;
    }
    if (last.value("ok", false)) {
      const Json& box = last["box"];
      return Box{box.value("x", 0.0), box.value("y", 0.0), box.value("width", 0.0),
                 box.value("height", 0.0)};
    }
    if (cdp::StringField(last, "failed") == "selector") {
      Throw("config", action + " " + selector + ": " + cdp::StringField(last, "detail"), selector);
    }
  }
  std::string failed = cdp::StringField(last, "failed");
  Throw("actionability",
        action + " " + selector + ": " + CheckDescription(last) + " (waited " +
            Seconds(Budget(started, deadline)) + ")",
        selector, "", "", failed);
}

void PageDriver::Goto(const std::string& url, std::optional<int> status, WaitUntil until,
                      Deadline deadline) {
  cdp::NavigationResult result;
  try {
    result = page_.Navigate(url, ToLoadState(until), Remaining(deadline));
  } catch (const cdp::Error& e) {
    if (e.kind() == cdp::ErrorKind::kNavigation) Throw("navigation", e.what());
    if (e.kind() == cdp::ErrorKind::kTimeout) Throw("timeout", e.what());
    throw;
  }
  if (status) {
    if (result.status != *status) {
      Throw("http_status",
            "goto " + url + ": HTTP " + std::to_string(result.status) + ", expected " +
                std::to_string(*status),
            "", std::to_string(*status), std::to_string(result.status));
    }
  } else if (result.status >= 400) {
    Throw("http_status",
          "goto " + url + ": HTTP " + std::to_string(result.status) +
              " (set `status:` on the step if that is expected)",
          "", "2xx or 3xx", std::to_string(result.status));
  }
}

void PageDriver::Input(std::vector<cdp::Connection::Command> events, Deadline deadline) {
  page_.CallAll(std::move(events), std::max(Remaining(deadline), kMinimumPollTime));
}

void PageDriver::ClickAt(double x, double y, Deadline deadline) {
  std::vector<cdp::Connection::Command> events = {
      {"Input.dispatchMouseEvent", {{"type", "mouseMoved"}, {"x", x}, {"y", y}}}};
  for (const char* type : {"mousePressed", "mouseReleased"}) {
    events.push_back({"Input.dispatchMouseEvent",
                      {{"type", type},
                       {"x", x},
                       {"y", y},
                       {"button", "left"},
                       {"buttons", std::string(type) == "mousePressed" ? 1 : 0},
                       {"clickCount", 1}}});
  }
  Input(std::move(events), deadline);
}

void PageDriver::Click(const std::string& selector, WaitUntil until, Deadline deadline) {
  Box box = WaitActionable("click", selector, {true, false, true, true}, deadline);
  NavigationWatcher navigation(page_);
  ClickAt(box.x + box.width / 2, box.y + box.height / 2, deadline);
  navigation.Finish(ToLoadState(until), deadline);
}

void PageDriver::Hover(const std::string& selector, Deadline deadline) {
  Box box = WaitActionable("hover", selector, {false, false, true, true}, deadline);
  Input({{"Input.dispatchMouseEvent",
          {{"type", "mouseMoved"}, {"x", box.x + box.width / 2}, {"y", box.y + box.height / 2}}}},
        deadline);
}

void PageDriver::Fill(const std::string& selector, const std::string& text, Deadline deadline) {
  WaitActionable("fill", selector, {true, true, false, false, "fill"}, deadline);
  if (text.empty()) {
    std::vector<cdp::Connection::Command> events;
    for (const char* type : {"rawKeyDown", "keyUp"}) {
      events.push_back(
          {"Input.dispatchKeyEvent",
           {{"type", type}, {"key", "Delete"}, {"code", "Delete"}, {"windowsVirtualKeyCode", 46}}});
    }
    Input(std::move(events), deadline);
  } else {
    Input({{"Input.insertText", {{"text", text}}}}, deadline);
  }
}

void PageDriver::Select(const std::string& selector, const std::string& value, Deadline deadline) {
  WaitActionable("select", selector, {true, false, false, false}, deadline);
  Json result = CallHelper("selectOption", Json::array({selector, value}), deadline);
  if (!result.value("ok", false)) {
    Throw("assertion", "select " + selector + ": " + cdp::StringField(result, "detail"), selector,
          value, cdp::StringField(result, "detail"));
  }
}

void PageDriver::Press(const std::string& keys, const std::string& selector, WaitUntil until,
                       Deadline deadline) {
  std::string error;
  auto strokes = ParseKeys(keys, &error);
  if (!strokes) Throw("config", "press " + keys + ": " + error);
  if (!selector.empty()) {
    WaitActionable("press", selector, {false, false, false, false, "focus"}, deadline);
  }
  std::vector<cdp::Connection::Command> events;
  for (const KeyStroke& stroke : *strokes) {
    Json down = {{"type", stroke.text.empty() ? "rawKeyDown" : "keyDown"},
                 {"key", stroke.key},
                 {"code", stroke.code},
                 {"windowsVirtualKeyCode", stroke.key_code},
                 {"modifiers", stroke.modifiers}};
    if (!stroke.text.empty()) down["text"] = stroke.text;
    events.push_back({"Input.dispatchKeyEvent", std::move(down)});
    events.push_back({"Input.dispatchKeyEvent",
                      {{"type", "keyUp"},
                       {"key", stroke.key},
                       {"code", stroke.code},
                       {"windowsVirtualKeyCode", stroke.key_code},
                       {"modifiers", stroke.modifiers}}});
  }
  NavigationWatcher navigation(page_);
  Input(std::move(events), deadline);
  navigation.Finish(ToLoadState(until), deadline);
}

void PageDriver::WaitForSelector(const std::string& selector, ElementState state,
                                 Deadline deadline) {
  auto started = std::chrono::steady_clock::now();
  Json last;
  for (size_t attempt = 0; BackOff(attempt, deadline); ++attempt) {
    try {
      last = CallHelper(
          "waitState",
          Json::array({Json{{"selector", selector}, {"state", ElementStateName(state)}}}),
          deadline);
    } catch (const cdp::Error& e) {
      if (!IsTransient(e)) throw;
      continue;
    }
    if (last.contains("error")) Throw("config", cdp::StringField(last, "error"), selector);
    if (last.value("done", false)) return;
  }
  std::string seen = std::to_string(last.value("count", 0)) + " element(s) match, " +
                     (last.value("visible", false) ? "visible" : "none visible");
  Throw("timeout",
        "wait_for " + selector + " to be " + ElementStateName(state) + ": timed out after " +
            Seconds(Budget(started, deadline)) + " (" + seen + ")",
        selector, ElementStateName(state), seen);
}

void PageDriver::WaitForText(const std::string& text, Deadline deadline) {
  auto started = std::chrono::steady_clock::now();
  for (size_t attempt = 0; BackOff(attempt, deadline); ++attempt) {
    try {
      if (CallHelper("waitState", Json::array({Json{{"text", text}}}), deadline)
              .value("done", false)) {
        return;
      }
    } catch (const cdp::Error& e) {
      if (!IsTransient(e)) throw;
    }
  }
  Throw(
      "timeout",
      "wait_for text \"" + text + "\": not on the page after " + Seconds(Budget(started, deadline)),
      "", text, "");
}

void PageDriver::WaitForUrl(const std::string& pattern, Deadline deadline) {
  std::string error;
  auto regex = CompileUrlPattern(pattern, &error);
  if (!regex) Throw("config", error);
  auto started = std::chrono::steady_clock::now();
  std::string url;
  for (size_t attempt = 0; BackOff(attempt, deadline); ++attempt) {
    url = Url();
    if (std::regex_search(url, *regex)) return;
  }
  Throw("timeout",
        "wait_for url " + pattern + ": timed out after " + Seconds(Budget(started, deadline)), "",
        pattern, url);
}

Json PageDriver::ExpectSpec(const std::string& selector, const Expectation& expectation) {
  Json spec = Json::object();
  if (!selector.empty()) {
    spec["selector"] = selector;
    ElementState state = expectation.state.value_or(ElementState::kVisible);
    bool only_selector = !expectation.count && !expectation.text && !expectation.attribute_value;
    if (expectation.state || only_selector) spec["state"] = ElementStateName(state);
  }
  if (expectation.count) spec["count"] = *expectation.count;
  if (expectation.text) spec["text"] = TextMatchJson(*expectation.text);
  if (expectation.attribute_value) {
    spec["attribute"] = expectation.attribute;
    spec["attribute_value"] = TextMatchJson(*expectation.attribute_value);
  }
  if (expectation.title) spec["title"] = TextMatchJson(*expectation.title);
  if (expectation.url) spec["url"] = TextMatchJson(*expectation.url);
  return spec;
}

void PageDriver::Expect(const std::string& selector, const Expectation& expectation,
                        Deadline deadline, const std::vector<Check>& upcoming) {
  const Json spec = ExpectSpec(selector, expectation);
  // Passed in the page with the step before, at the moment that one did: as if it had been
  // checked right after, with no round trip between. Anything else ahead is stale now.
  bool passed_ahead = false;
  if (!spec.empty()) {
    passed_ahead = !passed_ahead_.empty() && passed_ahead_.front() == spec;
    if (passed_ahead) {
      passed_ahead_.pop_front();
    } else {
      passed_ahead_.clear();
    }
  }
  Json upcoming_specs = Json::array();
  for (const auto& next : upcoming) {
    Json next_spec = ExpectSpec(next.selector, next.expectation);
    if (!next_spec.empty()) upcoming_specs.push_back(std::move(next_spec));
  }

  auto started = std::chrono::steady_clock::now();
  auto loaded = started;  // when the document being checked was (at the latest) loaded
  int reloads = 0;
  std::string reload_trouble;
  Json failures;
  Json answered = Json::array();  // the failures of the last check the page answered
  for (size_t attempt = 0; BackOff(attempt, deadline); ++attempt) {
    // The last check failed. A document gets kReloadInterval of checks before it is
    // replaced: what its scripts render after `load` must have a chance to appear.
    // No reload that could not finish in time: its half-loaded page would hide the answer
    // of the last real check.
    auto now = std::chrono::steady_clock::now();
    if (expectation.reload && attempt > 0 && now - loaded >= kReloadInterval &&
        deadline - now > kReloadInterval) {
      ++reloads;
      try {
        Reload(page_, cdp::LoadState::kLoad, deadline);
        reload_trouble.clear();
      } catch (const StepFailure& failure) {
        reload_trouble = failure.error().message;
      } catch (const cdp::Error& e) {
        if (!IsTransient(e)) throw;
        reload_trouble = e.what();
      }
      loaded = std::chrono::steady_clock::now();
    }
    // Errors and exceptions count up to now, once the page has run the work it had queued
    // (its scripts' work after `load`, which a journey of quick steps may otherwise outrun).
    if (attempt == 0 && (expectation.no_console_errors || expectation.no_js_exceptions)) {
      LetThePageSettle(deadline);
    }
    failures = Json::array();
    // Errors and exceptions only accumulate: those checks need no retry.
    bool retrying_helps = false;
    if (expectation.status && recorder_.last_status() != *expectation.status) {
      failures.push_back({{"check", "status"},
                          {"expected", std::to_string(*expectation.status)},
                          {"actual", std::to_string(recorder_.last_status())}});
      retrying_helps = true;
    }
    if (expectation.no_console_errors && recorder_.console_error_count() > 0) {
      failures.push_back({{"check", "no console errors"},
                          {"expected", "0"},
                          {"actual", std::to_string(recorder_.console_error_count())}});
    }
    if (expectation.no_js_exceptions && recorder_.exception_count() > 0) {
      failures.push_back({{"check", "no uncaught exceptions"},
                          {"expected", "0"},
                          {"actual", std::to_string(recorder_.exception_count())}});
    }
    if (spec.size() > 0 && !(passed_ahead && attempt == 0)) {
      try {
        Json result = CallHelper("expect", Json::array({spec, upcoming_specs}), deadline);
        for (const auto& failure : result["failures"]) failures.push_back(failure);
        if (!result.value("pass", false)) retrying_helps = true;
        // The upcoming ones are answered from the check that let this step pass, not an
        // earlier one.
        auto ahead = std::min<std::ptrdiff_t>(result.value("ahead", 0),
                                              static_cast<std::ptrdiff_t>(upcoming_specs.size()));
        passed_ahead_.assign(upcoming_specs.begin(), upcoming_specs.begin() + ahead);
      } catch (const cdp::Error& e) {
        if (!IsTransient(e)) throw;
        failures.push_back({{"check", "page"}, {"expected", "ready"}, {"actual", e.what()}});
        retrying_helps = true;
      }
    }
    if (failures.empty()) return;
    if (!OnlyPageNotReady(failures)) answered = failures;
    if (!retrying_helps) break;
  }
  passed_ahead_.clear();
  // A reload may leave the page unready at the deadline: report what it last showed.
  if (expectation.reload && !answered.empty()) failures = answered;
  std::string message = "expect";
  if (!selector.empty()) message += " " + selector;
  std::string expected, actual;
  for (const auto& failure : failures) {
    std::string check = cdp::StringField(failure, "check");
    std::string want = cdp::StringField(failure, "expected");
    std::string got = cdp::StringField(failure, "actual");
    message += ": " + check + " expected " + want + ", got " + got;
    expected += (expected.empty() ? "" : "; ") + check + " " + want;
    actual += (actual.empty() ? "" : "; ") + check + " " + got;
  }
  if (expectation.text && expected.find("text") != std::string::npos) {
    expected = "text " + Describe(*expectation.text);
  }
  message += " (after " + Seconds(Budget(started, deadline)) +
             (expectation.reload ? ", " + std::to_string(reloads) + " reload(s)" : "") + ")";
  if (!reload_trouble.empty()) message += "; the last reload: " + reload_trouble;
  // Nothing but "page not ready" means the page never answered: a timeout, not a wrong page.
  // Nor is it a wrong page when the last reload never finished: what the step waited on then
  // was the server, and the content shown is from before that reload.
  bool timed_out = OnlyPageNotReady(failures) || !reload_trouble.empty();
  Throw(timed_out ? "timeout" : "assertion", message, selector, expected, actual);
}

Json PageDriver::Eval(const std::string& script, Deadline deadline) {
  try {
    return page_.Evaluate(script, Remaining(deadline));
  } catch (const cdp::Error& e) {
    if (e.kind() == cdp::ErrorKind::kEvaluation) Throw("evaluation", e.what());
    if (e.kind() == cdp::ErrorKind::kTimeout) Throw("timeout", e.what());
    throw;
  }
}

std::string PageDriver::Screenshot(bool full_page, const std::string& selector, Deadline deadline) {
  cdp::ScreenshotOptions options;
  options.full_page = full_page;
  if (!selector.empty()) {
    WaitActionable("screenshot", selector, {false, false, true, false}, deadline);
    Json box = CallHelper("boxOfSelector", Json::array({selector}), deadline);
    if (!box.is_object()) Throw("actionability", "screenshot " + selector + ": element vanished");
    options.clip = cdp::Rect{box.value("pageX", 0.0), box.value("pageY", 0.0),
                             box.value("width", 0.0), box.value("height", 0.0)};
  }
  return page_.Screenshot(options, Remaining(deadline));
}

std::vector<Box> PageDriver::MaskBoxes(const std::vector<std::string>& masks, bool full_page,
                                       const std::string& selector, Deadline deadline) {
  Json found = CallHelper("maskBoxes", Json::array({masks, full_page, selector}), deadline);
  if (found.contains("error")) {
    Throw("config", "screenshot mask: " + cdp::StringField(found, "error"), selector);
  }
  std::vector<Box> boxes;
  for (const Json& box : found.value("boxes", Json::array())) {
    boxes.push_back(Box{box.value("x", 0.0), box.value("y", 0.0), box.value("width", 0.0),
                        box.value("height", 0.0)});
  }
  return boxes;
}

std::optional<Box> PageDriver::VisibleBox(const std::string& selector) {
  try {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    Json box = CallHelper("boxOfSelector", Json::array({selector}), deadline);
    if (!box.is_object()) return std::nullopt;
    return Box{box.value("x", 0.0), box.value("y", 0.0), box.value("width", 0.0),
               box.value("height", 0.0)};
  } catch (const cdp::Error&) {
    return std::nullopt;
  }
}

std::string PageDriver::Dom() {
  try {
    Json html = page_.Evaluate("document.documentElement ? document.documentElement.outerHTML : ''",
                               std::chrono::seconds(5));
    return html.is_string() ? html.get<std::string>() : std::string();
  } catch (const cdp::Error&) {
    return {};
  }
}

cdp::Json PageDriver::NavigationTiming() {
  try {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    return CallHelper("navigationTiming", Json::array(), deadline);
  } catch (const cdp::Error&) {
    return nullptr;
  }
}

std::string PageDriver::Url() {
  try {
    Json url = page_.Evaluate("location.href", std::chrono::seconds(5));
    return url.is_string() ? url.get<std::string>() : std::string();
  } catch (const cdp::Error&) {
    return {};
  }
}

}  // namespace journeys
