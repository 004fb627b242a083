// The navigation watcher against a fake browser end: orderings of events and replies that a
// real browser produces only now and then (seen in the 503 drill), made to happen every time.
#include "journeys/navigation_watcher.h"

#include <gtest/gtest.h>

#include <future>

#include "journeys/step_failure.h"

#include "tests/cdp/fake_page.h"

namespace {

using cdp::Json;

class NavigationWatcherTest : public cujo_test::FakePageTest {
 protected:
  // Finish() on a thread of its own, as after an action, with 10 s to go.
  static std::future<void> FinishInBackground(journeys::NavigationWatcher& navigation) {
    return std::async(std::launch::async, [&navigation] {
      navigation.Finish(cdp::LoadState::kLoad,
                        std::chrono::steady_clock::now() + std::chrono::seconds(10));
    });
  }
  // The round trip Finish() makes first, to know what the action did synchronously.
  Json Barrier() {
    Json barrier = peer_->Sent();
    EXPECT_EQ(barrier["method"], "Runtime.evaluate");
    return barrier;
  }
};

// A form submit answered at once can replace the document before the round trip after the
// click is answered; Chromium then fails it ("Inspected target navigated or closed"). The
// click did navigate: the step waits for the new page instead of failing as a broken browser.
TEST_F(NavigationWatcherTest, RoundTripLostToTheNavigationStillWaitsForTheNewPage) {
  journeys::NavigationWatcher navigation(*page_);
  auto finished = FinishInBackground(navigation);
  Json barrier = Barrier();
  Event("Page.frameStartedLoading", {{"frameId", kFrame}});
  peer_->Deliver(
      Json{{"id", barrier["id"]},
           {"sessionId", kSession},
           {"error", {{"code", -32000}, {"message", "Inspected target navigated or closed"}}}});
  Event("Page.frameNavigated", {{"frame", {{"id", kFrame}, {"loaderId", "L2"}}}});
  EXPECT_EQ(finished.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  Event("Page.lifecycleEvent", {{"frameId", kFrame}, {"loaderId", "L2"}, {"name", "load"}});
  finished.get();
}

// Without a navigation the round trip is answered and the action is done.
TEST_F(NavigationWatcherTest, ActionThatDidNotNavigateIsDoneAfterTheRoundTrip) {
  journeys::NavigationWatcher navigation(*page_);
  auto finished = FinishInBackground(navigation);
  Reply(Barrier(), {{"result", {{"type", "number"}, {"value", 0}}}});
  finished.get();
}

// A click whose main-frame navigation fails ends on Chromium's error page: the step fails with
// the network error of the navigation the frame committed (a navigation request's id is its
// loader's), not that of an iframe document that failed first in the same action, nor that of
// a navigation the action cancelled.
TEST_F(NavigationWatcherTest, ErrorPageFailsWithTheMainDocumentsOwnNetError) {
  journeys::NavigationWatcher navigation(*page_);
  auto finished = FinishInBackground(navigation);
  Json barrier = Barrier();
  Event("Page.frameRequestedNavigation", {{"frameId", kFrame}});
  auto failed = [&](const char* request, const char* error) {
    Event("Network.loadingFailed",
          {{"requestId", request}, {"type", "Document"}, {"errorText", error}});
  };
  failed("frame-doc", "net::ERR_CONNECTION_REFUSED");
  failed("L1", "net::ERR_ABORTED");
  failed("L2", "net::ERR_NAME_NOT_RESOLVED");
  Reply(barrier, {{"result", {{"type", "number"}, {"value", 0}}}});
  Event("Page.frameNavigated",
        {{"frame",
          {{"id", kFrame}, {"loaderId", "L2"}, {"unreachableUrl", "http://nowhere.invalid/"}}}});
  try {
    finished.get();
    FAIL() << "the step passed on Chromium's error page";
  } catch (const journeys::StepFailure& failure) {
    EXPECT_EQ(failure.error().kind, "navigation");
    EXPECT_EQ(failure.error().message,
              "navigation to http://nowhere.invalid/ failed: net::ERR_NAME_NOT_RESOLVED");
  }
}

}  // namespace
