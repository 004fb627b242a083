// The navigation watcher against a fake browser end: orderings of events and replies that a
// real browser produces only now and then (seen in the 503 drill), made to happen every time.
#include "journeys/navigation_watcher.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>

#include "tests/cdp/fake_transport.h"

namespace {

using cdp::Json;

constexpr char kSession[] = "session-1";
constexpr char kFrame[] = "target-1";

class NavigationWatcherTest : public ::testing::Test {
 protected:
  void TearDown() override {
    // The page closes its target on the way out: answer that.
    auto closing = std::async(std::launch::async, [&] { Reply(peer_->Sent(), Json::object()); });
    page_.reset();
    closing.get();
  }

  void Reply(const Json& command, Json result) {
    peer_->Deliver(Json{{"id", command["id"]}, {"sessionId", kSession}, {"result", result}});
  }

  void Event(const std::string& method, Json params) {
    peer_->Deliver(Json{{"method", method}, {"sessionId", kSession}, {"params", params}});
  }

  std::shared_ptr<cujo_test::FakePeer> peer_ = std::make_shared<cujo_test::FakePeer>();
  cdp::Connection connection_{std::make_unique<cujo_test::FakeTransport>(peer_), {}};
  std::unique_ptr<cdp::Page> page_ = std::make_unique<cdp::Page>(connection_, kFrame, kSession);
};

// A form submit answered at once can replace the document before the round trip after the
// click is answered; Chromium then fails it ("Inspected target navigated or closed"). The
// click did navigate: the step waits for the new page instead of failing as a broken browser.
TEST_F(NavigationWatcherTest, RoundTripLostToTheNavigationStillWaitsForTheNewPage) {
  journeys::NavigationWatcher navigation(*page_);
  auto finished = std::async(std::launch::async, [&] {
    navigation.Finish(cdp::LoadState::kLoad,
                      std::chrono::steady_clock::now() + std::chrono::seconds(10));
  });
  Json barrier = peer_->Sent();
  ASSERT_EQ(barrier["method"], "Runtime.evaluate");
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
  auto finished = std::async(std::launch::async, [&] {
    navigation.Finish(cdp::LoadState::kLoad,
                      std::chrono::steady_clock::now() + std::chrono::seconds(10));
  });
  Reply(peer_->Sent(), {{"result", {{"type", "number"}, {"value", 0}}}});
  finished.get();
}

}  // namespace
