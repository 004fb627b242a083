// The page recorder against a fake browser end: a page that navigates more often than the
// records kept (a reload loop) still has its current status; the requests in flight are those
// sent and not yet answered or given up.
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

TEST_F(PageRecorderTest, InFlightAreTheRequestsSentAndNotYetAnsweredOrGivenUp) {
  auto sent = [&](const std::string& id, const std::string& url, const std::string& type) {
    Event("Network.requestWillBeSent",
          {{"requestId", id}, {"type", type}, {"request", {{"url", url}, {"method", "GET"}}}});
  };
  sent("doc", "http://w/wiki/X", "Document");
  sent("css", "http://w/load.php?only=styles", "Stylesheet");
  sent("img", "http://w/logo.png", "Image");
  sent("old", "http://w/previous.js", "Script");
  sent("api", "http://w/api.php?action=query", "Fetch");
  AwaitEventsHandled();
  const double first_sent = recorder_->ElapsedMs();
  // The document redirected (sent again under its id): in flight since the first send.
  sent("doc", "http://w/wiki/Y", "Document");
  Event("Network.loadingFinished", {{"requestId", "css"}});
  Event("Network.loadingFailed",
        {{"requestId", "img"}, {"type", "Image"}, {"errorText", "net::ERR_FAILED"}});
  // Given up because the page moved on: neither a failure nor still awaited.
  Event("Network.loadingFailed", {{"requestId", "old"},
                                  {"type", "Script"},
                                  {"errorText", "net::ERR_ABORTED"},
                                  {"canceled", true}});
  AwaitEventsHandled();

  std::vector<journeys::RequestRecord> in_flight = recorder_->InFlight();
  ASSERT_EQ(in_flight.size(), 2u);
  EXPECT_EQ(in_flight[0].url, "http://w/wiki/Y");
  EXPECT_EQ(in_flight[0].resource_type, "Document");
  EXPECT_EQ(in_flight[0].method, "GET");
  EXPECT_LE(in_flight[0].at_ms, first_sent);
  EXPECT_LE(in_flight[0].at_ms, in_flight[1].at_ms);
  EXPECT_EQ(in_flight[1].url, "http://w/api.php?action=query");

  journeys::AttemptResult result;
  recorder_->MoveInto(result);
  ASSERT_EQ(result.failed_requests.size(), 1u);
  EXPECT_EQ(result.failed_requests[0].url, "http://w/logo.png");
}

}  // namespace
