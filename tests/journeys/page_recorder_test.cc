// The page recorder against a fake browser end: a page that navigates more often than the
// records kept (a reload loop) still has its current status.
#include "journeys/page_recorder.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>

#include "tests/cdp/fake_page.h"

namespace {

using cdp::Json;

class PageRecorderTest : public cujo_test::FakePageTest {
 protected:
  void TearDown() override {
    recorder_.reset();
    FakePageTest::TearDown();
  }

  void DocumentResponse(int status) {
    Event("Network.responseReceived",
          {{"requestId", "R" + std::to_string(status)},
           {"type", "Document"},
           {"frameId", kFrame},
           {"response", {{"url", "http://w/wiki/X"}, {"status", status}}}});
  }

  // Events are handled in order: once this one is, every event before it was.
  void AwaitEventsHandled() {
    std::promise<void> seen;
    auto subscription = page_->On("Test.barrier", [&](const Json&) { seen.set_value(); });
    Event("Test.barrier", Json::object());
    ASSERT_EQ(seen.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  }

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
