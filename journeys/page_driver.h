// A person at the page: actions that wait until the page has been idle once (its scripts have
// run) and their element can take them, and then use real input events; expectations retried
// until they hold; waits. Every method is bounded by a deadline and reports failure as
// StepFailure with what was expected and what was seen.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "cdp/isolated_world.h"
#include "cdp/page.h"
#include "journeys/deadline.h"
#include "journeys/journey.h"
#include "journeys/page_recorder.h"
#include "journeys/result.h"

namespace journeys {

class PageDriver {
 public:
  // `world`: where page_helpers.js runs (see page_scripts.h).
  PageDriver(cdp::Page& page, cdp::IsolatedWorld& world, const PageRecorder& recorder);

  void Goto(const std::string& url, std::optional<int> status, WaitUntil until, Deadline deadline);
  void Click(const std::string& selector, WaitUntil until, Deadline deadline);
  void Hover(const std::string& selector, Deadline deadline);
  void Fill(const std::string& selector, const std::string& text, Deadline deadline);
  void Select(const std::string& selector, const std::string& value, Deadline deadline);
  // Focuses `selector` first when it is not empty.
  void Press(const std::string& keys, const std::string& selector, WaitUntil until,
             Deadline deadline);
  void WaitForSelector(const std::string& selector, ElementState state, Deadline deadline);
  void WaitForText(const std::string& text, Deadline deadline);
  void WaitForUrl(const std::string& pattern, Deadline deadline);
  // `upcoming`: the expectations of the expect steps that come right after this one. Checked in
  // the same round trip once this one's pass, so that those found passing then need none when
  // their steps come (Expect with the same selector and expectation, next): a round trip that
  // follows a load waits behind the page's own scripts.
  struct Check {
    std::string selector;
    Expectation expectation;
  };
  void Expect(const std::string& selector, const Expectation& expectation, Deadline deadline,
              const std::vector<Check>& upcoming = {});
  cdp::Json Eval(const std::string& script, Deadline deadline);
  // PNG bytes of the viewport, the full page, or one element (`selector`).
  std::string Screenshot(bool full_page, const std::string& selector, Deadline deadline);
  // For a visual comparison: the boxes of the visible elements matching `masks`, in the pixels
  // of the Screenshot(full_page, selector) taken next (device pixels, relative to the viewport,
  // the page or the element). An invalid selector is a config StepFailure.
  std::vector<Box> MaskBoxes(const std::vector<std::string>& masks, bool full_page,
                             const std::string& selector, Deadline deadline);

  // For failure artifacts: never throw; empty/nullopt when the page cannot say.
  std::optional<Box> VisibleBox(const std::string& selector);
  std::string Dom();
  std::string Url();
  cdp::Json NavigationTiming();

 private:
  struct Need {
    bool enabled = false;
    bool editable = false;
    bool stable = false;
    bool hit = false;
    // What the probe that finds the element ready does to it at once, in the same round
    // trip: "focus", "fill" (focus and select its text, which typing replaces), or nothing.
    const char* then = "";
  };
  // The in-page part of an expectation, as page_helpers.js's expect() takes it (empty: none).
  static cdp::Json ExpectSpec(const std::string& selector, const Expectation& expectation);
  // Waits until the page's main thread is idle (requestIdleCallback, kSettleTime at most):
  // what it had queued has run, and reported what it threw or logged.
  void LetThePageSettle(Deadline deadline);
  // Calls globalThis.__cujo.<function>(args...) in cujo's world of the page.
  cdp::Json CallHelper(const std::string& function, const cdp::Json& args, Deadline deadline);
  // Polls until `selector` passes the actionability checks (and does `need.then` to it);
  // returns its viewport box.
  Box WaitActionable(const std::string& action, const std::string& selector, const Need& need,
                     Deadline deadline);
  // Input.* commands sent in one go and answered within the step's deadline (a busy renderer
  // holds input). Chromium dispatches a session's input events in order; waiting for each
  // before sending the next cost a round trip per event, the first mouse move ~15 ms as it
  // waited for the renderer's next frame.
  void Input(std::vector<cdp::Connection::Command> events, Deadline deadline);
  void ClickAt(double x, double y, Deadline deadline);

  cdp::Page& page_;
  cdp::IsolatedWorld& world_;
  const PageRecorder& recorder_;
  // The specs of the next expect steps, in order, that passed in the page when the last
  // expect step's did: answered without a round trip if they come next.
  std::deque<cdp::Json> passed_ahead_;
};

}  // namespace journeys
