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

  // The main frame commits the document of the last response (its old contexts are cleared).
  void Committed() { Event("Runtime.executionContextsCleared", Json::object()); }

  // What vitals.js sends through `binding` (cujo's is __cujo_timing).
  void Report(const std::string& binding, const Json& timing) {
    Event("Runtime.bindingCalled",
          {{"name", binding}, {"payload", timing.dump()}, {"executionContextId", 7}});
  }

  void DocumentResponse(int status, const std::string& url = "http://w/wiki/X") {
    Event("Network.responseReceived", {{"requestId", "R" + std::to_string(status) + url},
                                       {"type", "Document"},
                                       {"frameId", kFrame},
                                       {"response", {{"url", url}, {"status", status}}}});
  }

  std::unique_ptr<journeys::PageRecorder> recorder_ =
      std::make_unique<journeys::PageRecorder>(*page_, journeys::PageRecorder::Clock::now());
};

TEST_F(PageRecorderTest, TheStatusIsTheCurrentDocumentsPastTheRecordsKept) {
  for (int i = 0; i < 250; ++i) DocumentResponse(200);
  DocumentResponse(503);
  Committed();
  // Its timings are not written into the last record kept, which is another document's.
  Report("__cujo_timing", {{"load", 1234}});
  AwaitEventsHandled();
  EXPECT_EQ(recorder_->last_status(), 503);
  journeys::AttemptResult result;
  recorder_->MoveInto(result);
  ASSERT_EQ(result.navigations.size(), 200u);
  EXPECT_EQ(result.navigations.back().status, 200);
  EXPECT_NE(result.navigations.back().load_ms, 1234);
}

// The page sends its own timing (vitals.js, binding __cujo_timing): kept for the document that
// sent it, also when it arrives after the next navigation's response (the old document lives
// until the new one commits), and never for a document that is not the record's.
TEST_F(PageRecorderTest, TimingThePageSendsGoesToTheRecordOfTheDocumentThatSentIt) {
  DocumentResponse(200, "http://w/wiki/X");
  Committed();
  DocumentResponse(200, "http://w/wiki/Y");
  Report("__cujo_timing", {{"url", "http://w/wiki/X#History"},
                           {"ttfb", 12},
                           {"load", 345},
                           {"lcp", 300},
                           {"cls", 0.25}});
  Report("some_other_binding", {{"url", "http://w/wiki/X"}, {"load", 888}});
  Event("Runtime.bindingCalled", {{"name", "__cujo_timing"}, {"payload", "not json"}});
  Committed();
  Report("__cujo_timing", {{"url", "http://w/wiki/Y"}, {"ttfb", 21}, {"load", 543}});
  // Chromium's error page commits without a response: its report is no record's.
  DocumentResponse(200, "http://w/wiki/Z");
  Committed();
  Report("__cujo_timing", {{"url", "chrome-error://chromewebdata/"}, {"load", 999}});
  AwaitEventsHandled();
  journeys::AttemptResult result;
  recorder_->MoveInto(result);
  ASSERT_EQ(result.navigations.size(), 3u);
  const journeys::NavigationRecord& x = result.navigations[0];
  EXPECT_EQ(x.ttfb_ms, 12);
  EXPECT_EQ(x.load_ms, 345);
  EXPECT_EQ(x.lcp_ms, 300);
  EXPECT_EQ(x.cls, 0.25);
  EXPECT_EQ(result.navigations[1].ttfb_ms, 21);
  EXPECT_EQ(result.navigations[1].load_ms, 543);
  EXPECT_EQ(result.navigations[2].load_ms, -1);
}

// The page lives on after the attempt has taken the records (it is disposed of later): what
// it still sends is dropped, not written past the records.
TEST_F(PageRecorderTest, AReportAfterTheRecordsWereTakenIsDropped) {
  DocumentResponse(200);
  Committed();
  AwaitEventsHandled();
  journeys::AttemptResult result;
  recorder_->MoveInto(result);
  Report("__cujo_timing", {{"url", "http://w/wiki/X"}, {"load", 345}});
  AwaitEventsHandled();
  EXPECT_TRUE(recorder_->CurrentDocumentTimed());
  ASSERT_EQ(result.navigations.size(), 1u);
  EXPECT_EQ(result.navigations[0].load_ms, -1);
}

// On the attempt's time line a navigation starts when its document was first requested, not
// when the answer (after any redirect) came: its ttfb, dcl and load count from there.
TEST_F(PageRecorderTest, ANavigationStartsAtItsDocumentsFirstRequest) {
  auto sent = [&](const std::string& url) {
    Event("Network.requestWillBeSent", {{"requestId", "doc"},
                                        {"type", "Document"},
                                        {"frameId", kFrame},
                                        {"request", {{"url", url}, {"method", "POST"}}}});
  };
  sent("http://w/index.php?title=Special:UserLogin");
  AwaitEventsHandled();
  const double requested_by = recorder_->ElapsedMs();
  sent("http://w/wiki/Main_Page");  // the redirect after the login
  Event("Network.responseReceived",
        {{"requestId", "doc"},
         {"type", "Document"},
         {"frameId", kFrame},
         {"response", {{"url", "http://w/wiki/Main_Page"}, {"status", 200}}}});
  AwaitEventsHandled();
  journeys::AttemptResult result;
  recorder_->MoveInto(result);
  ASSERT_EQ(result.navigations.size(), 1u);
  EXPECT_LE(result.navigations[0].start_ms, requested_by);
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
