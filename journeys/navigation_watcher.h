// Clicks and key presses may start a navigation that nothing announces in advance. The
// watcher listens from before the action; afterwards it tells whether the main frame started
// navigating, and if so waits for the new document to reach the requested lifecycle point.
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
  // before `deadline`.
  void Finish(cdp::LoadState until, Deadline deadline);

 private:
  cdp::Page& page_;
  cdp::EventBuffer events_;
};

}  // namespace journeys
