// Waits for the navigation an action (a click, a key press, a reload) starts, if any.
#include "journeys/navigation_watcher.h"

#include <string>

#include "cdp/json_fields.h"
#include "journeys/step_failure.h"

namespace journeys {

NavigationWatcher::NavigationWatcher(cdp::Page& page)
    : page_(page),
      events_(page.connection(), page.session_id(),
              {"Page.frameRequestedNavigation", "Page.frameStartedLoading", "Page.frameNavigated",
               "Page.frameStoppedLoading", "Page.navigatedWithinDocument", "Page.lifecycleEvent",
               "Network.loadingFailed"}) {}

void NavigationWatcher::FailIfUnreachable(const cdp::Event& navigated) {
  std::string unreachable =
      cdp::StringField(cdp::ObjectField(navigated.params, "frame"), "unreachableUrl");
  if (unreachable.empty()) return;
  // The page is Chromium's own error page: the network failure that put it there (the
  // document's request failed before the frame committed it) is the step's failure, as for a
  // `goto`. Without this the step passed, and the page's status was still the one before.
  // The failure is that of the navigation the frame committed: a navigation request's id is
  // its loader's. An iframe's document failing in the same action (or a navigation the action
  // cancelled) must not lend its error.
  const std::string loader =
      cdp::StringField(cdp::ObjectField(navigated.params, "frame"), "loaderId");
  auto failed = events_.Take([&](const cdp::Event& e) {
    return e.method == "Network.loadingFailed" && !loader.empty() &&
           cdp::StringField(e.params, "requestId") == loader;
  });
  std::string error_text = failed ? cdp::StringField(failed->params, "errorText") : "";
  if (error_text == cdp::kHttpStatusFailure) return;  // an HTTP status, which is recorded
  StepError error;
  error.kind = "navigation";
  error.message = "navigation to " + unreachable + " failed: " +
                  (error_text.empty() ? "Chromium showed its error page" : error_text);
  throw StepFailure(error);
}

void NavigationWatcher::Finish(cdp::LoadState until, Deadline deadline, bool must_start) {
  const std::string& main_frame = page_.target_id();
  auto in_main_frame = [&](const cdp::Event& event) {
    std::string frame = cdp::StringField(event.params, "frameId");
    if (frame.empty()) frame = cdp::StringField(cdp::ObjectField(event.params, "frame"), "id");
    return frame == main_frame;
  };
  auto is_start = [&](const cdp::Event& e) {
    return (e.method == "Page.frameRequestedNavigation" ||
            e.method == "Page.frameStartedLoading") &&
           in_main_frame(e);
  };
  if (!must_start) {
    // Events are dispatched in order, so once this round trip returns every event the action
    // caused synchronously (a link click, a form submit) is in the buffer.
    try {
      page_.Call("Runtime.evaluate", {{"expression", "0"}}, Remaining(deadline));
    } catch (const cdp::Error& e) {
      // A fast navigation can replace the document before the round trip is answered
      // ("Inspected target navigated or closed"): its start is in the buffer by then.
      if (e.kind() != cdp::ErrorKind::kProtocol) throw;
    }
    if (!events_.Take(is_start)) return;
  }

  try {
    if (must_start) events_.WaitFor(is_start, Remaining(deadline), "the reload to start");
    cdp::Event settled = events_.WaitFor(
        [&](const cdp::Event& e) {
          return (e.method == "Page.frameNavigated" || e.method == "Page.frameStoppedLoading" ||
                  e.method == "Page.navigatedWithinDocument") &&
                 in_main_frame(e);
        },
        Remaining(deadline), "the navigation started by the action");
    // Stopped without a new document (a download, a 204, a cancelled navigation), or a
    // same-document navigation: nothing more to wait for.
    if (settled.method != "Page.frameNavigated") return;
    FailIfUnreachable(settled);
    if (until == cdp::LoadState::kCommit) return;
    std::string loader = cdp::StringField(cdp::ObjectField(settled.params, "frame"), "loaderId");
    std::string name = cdp::LifecycleEventName(until);
    events_.WaitFor(
        [&](const cdp::Event& e) {
          return e.method == "Page.lifecycleEvent" && in_main_frame(e) &&
                 cdp::StringField(e.params, "loaderId") == loader &&
                 cdp::StringField(e.params, "name") == name;
        },
        Remaining(deadline), "the new page reaching '" + name + "'");
  } catch (const cdp::Error& e) {
    if (e.kind() != cdp::ErrorKind::kTimeout) throw;
    StepError error;
    error.kind = "timeout";
    error.message = e.what();
    throw StepFailure(error);
  }
}

void Reload(cdp::Page& page, cdp::LoadState until, Deadline deadline) {
  NavigationWatcher navigation(page);
  page.Call("Page.reload", cdp::Json::object(), Remaining(deadline));
  navigation.Finish(until, deadline, true);
}

}  // namespace journeys
