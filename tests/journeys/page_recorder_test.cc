// The page recorder against a fake browser end: a page that navigates more often than the
// records kept (a reload loop) still has its current status.
#include "journeys/page_recorder.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>

#include "tests/cdp/fake_transport.h"

namespace {

using cdp::Json;

constexpr char kSession[] = "session-1";
constexpr char kFrame[] = "target-1";

class PageRecorderTest : public ::testing::Test {
 protected:
  void TearDown() override {
    recorder_.reset();
    // The page closes its target on the way out: answer that.
    auto closing = std::async(std::launch::async, [&] {
      Json command = peer_->Sent();
      peer_->Deliver(Json{{"id", command["id"]}, {"sessionId", kSession}, {"result", {}}});
    });
    page_.reset();
    closing.get();
  }

  void DocumentResponse(int status) {
    peer_->Deliver(Json{{"method", "Network.responseReceived"},
                        {"sessionId", kSession},
                        {"params",
                         {{"requestId", "R" + std::to_string(status)},
                          {"type", "Document"},
                          {"frameId", kFrame},
                          {"response", {{"url", "http://w/wiki/X"}, {"status", status}}}}}});
  }

  // Events are handled in order: once this one is, every event before it was.
  void AwaitEventsHandled() {
    std::promise<void> seen;
    auto subscription = page_->On("Test.barrier", [&](const Json&) { seen.set_value(); });
    peer_->Deliver(
        Json{{"method", "Test.barrier"}, {"sessionId", kSession}, {"params", Json::object()}});
    ASSERT_EQ(seen.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  }

  std::shared_ptr<cujo_test::FakePeer> peer_ = std::make_shared<cujo_test::FakePeer>();
  cdp::Connection connection_{std::make_unique<cujo_test::FakeTransport>(peer_), {}};
  std::unique_ptr<cdp::Page> page_ = std::make_unique<cdp::Page>(connection_, kFrame, kSession);
  std::unique_ptr<journeys::PageRecorder> recorder_ =
      std::make_unique<journeys::PageRecorder>(*page_, journeys::PageRecorder::Clock::now());
};

TEST_F(PageRecorderTest, TheStatusIsTheCurrentDocumentsPastTheRecordsKept) {
  for (int i = 0; i < 250; ++i) DocumentResponse(200);
  DocumentResponse(503);
  AwaitEventsHandled();
  EXPECT_EQ(recorder_->last_status(), 503);
  // Its timings are not written into the last record kept, which is another document's.
  recorder_->RecordTiming(Json{{"load", 1234}});
  journeys::AttemptResult result;
  recorder_->MoveInto(result);
  ASSERT_EQ(result.navigations.size(), 200u);
  EXPECT_EQ(result.navigations.back().status, 200);
  EXPECT_NE(result.navigations.back().load_ms, 1234);
}

}  // namespace
