// Clicks and key presses may start a navigation that nothing announces in advance. The
// watcher listens from before the action; afterwards it tells whether the main frame started
// navigating, and if so waits for the new document to reach the requested lifecycle point.
// A reload is such an action whose navigation is certain.
#pragma once

#include <chrono>

#include "cdp/event_buffer.h"
#include "cdp/page.h"
#include "journeys/deadline.h"

namespace journeys {

class NavigationWatcher {
 public:
  explicit NavigationWatcher(cdp::Page& page);
  // Throws StepFailure (kind "timeout") when a started navigation does not reach `until`
  // before `deadline`, (kind "navigation") when it ends on Chromium's error page. With
  // `must_start`, a navigation that has not started yet is waited for.
  void Finish(cdp::LoadState until, Deadline deadline, bool must_start = false);

 private:
  void FailIfUnreachable(const cdp::Event& navigated);

  cdp::Page& page_;
  cdp::EventBuffer events_;
};

// Reloads the page (Page.reload) and waits until the new document reaches `until`; throws
// StepFailure as Finish does.
void Reload(cdp::Page& page, cdp::LoadState until, Deadline deadline);

}  // namespace journeys
