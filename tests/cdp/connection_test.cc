// The Connection against a fake peer: the cases a real browser will not produce on demand
// (replies out of order, garbage, a drop at a precise moment).
#include "cdp/connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include "cdp/page.h"
#include "tests/cdp/fake_transport.h"
#include "tests/cdp/test_support.h"

namespace {

using cdp::ErrorKind;
using cdp::Json;
using cujo_test::CaptureError;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override { Open({}); }

  void Open(cdp::Connection::Options options) {
    connection_.reset();
    peer_ = std::make_shared<cujo_test::FakePeer>();
    options.on_protocol_error = [this](const std::string& problem) {
      std::lock_guard<std::mutex> lock(mutex_);
      problems_.push_back(problem);
    };
    connection_ = std::make_unique<cdp::Connection>(
        std::make_unique<cujo_test::FakeTransport>(peer_), std::move(options));
  }

  std::future<Json> CallAsync(const std::string& method, const std::string& session = "",
                              milliseconds timeout = milliseconds(10000)) {
    return std::async(std::launch::async,
                      [=] { return connection_->Call(method, Json::object(), session, timeout); });
  }

  Json Sent() { return peer_->Sent(); }

  std::vector<std::string> Problems() {
    std::lock_guard<std::mutex> lock(mutex_);
    return problems_;
  }

  std::shared_ptr<cujo_test::FakePeer> peer_;
  std::unique_ptr<cdp::Connection> connection_;
  std::mutex mutex_;
  std::vector<std::string> problems_;
};

TEST_F(ConnectionTest, SendsIdMethodParamsAndSession) {
  auto reply = std::async(std::launch::async, [&] {
    return connection_->Call("Page.navigate", {{"url", "http://x/"}}, "S1");
  });
  Json sent = Sent();
  EXPECT_EQ(sent["method"], "Page.navigate");
  EXPECT_EQ(sent["params"]["url"], "http://x/");
  EXPECT_EQ(sent["sessionId"], "S1");
  peer_->Deliver(Json{{"id", sent["id"]}, {"result", {{"frameId", "F"}}}, {"sessionId", "S1"}});
  EXPECT_EQ(reply.get()["frameId"], "F");
}

TEST_F(ConnectionTest, RepliesOutOfOrderReachTheirCallers) {
  auto first = CallAsync("A");
  Json sent_first = Sent();
  auto second = CallAsync("B");
  Json sent_second = Sent();
  auto third = CallAsync("C");
  Json sent_third = Sent();
  peer_->Deliver(Json{{"id", sent_third["id"]}, {"result", {{"who", sent_third["method"]}}}});
  peer_->Deliver(Json{{"id", sent_first["id"]}, {"result", {{"who", sent_first["method"]}}}});
  peer_->Deliver(Json{{"id", sent_second["id"]}, {"result", {{"who", sent_second["method"]}}}});
  EXPECT_EQ(first.get()["who"], "A");
  EXPECT_EQ(second.get()["who"], "B");
  EXPECT_EQ(third.get()["who"], "C");
}

// A reply of an unexpected shape (another Chromium version) is a cdp::Error the journey can
// report, never a JSON library exception escaping from a page call.
TEST_F(ConnectionTest, PageReadsRepliesOfAnUnexpectedShapeWithoutThrowingJsonErrors) {
  std::future<void> closing;
  {
    cdp::Page page(*connection_, "target-1", "session-1");
    auto evaluated = std::async(std::launch::async, [&] {
      return CaptureError([&] { page.Evaluate("1+1", milliseconds(5000)); });
    });
    Json sent = Sent();
    peer_->Deliver(
        Json{{"id", sent["id"]}, {"sessionId", "session-1"}, {"result", Json::object()}});
    EXPECT_EQ(evaluated.get().kind(), ErrorKind::kMalformed);
    // The page closes its target on the way out: answer that.
    closing = std::async(std::launch::async, [&] {
      Json close = Sent();
      peer_->Deliver(Json{{"id", close["id"]}, {"result", Json::object()}});
    });
  }
  closing.get();
}

// All of a batch is on the wire before any reply: the fake answers only once it has seen the
// last command, in reverse order, and the results still come back in the commands' order.
TEST_F(ConnectionTest, CallAllSendsEveryCommandBeforeWaitingAndKeepsTheirOrder) {
  auto results = std::async(std::launch::async, [&] {
    return connection_->CallAll({{"A"}, {"B", {{"x", 1}}}, {"C"}}, "S1");
  });
  std::vector<Json> sent = {Sent(), Sent(), Sent()};
  EXPECT_EQ(sent[1]["params"]["x"], 1);
  for (auto it = sent.rbegin(); it != sent.rend(); ++it) {
    peer_->Deliver(
        Json{{"id", (*it)["id"]}, {"sessionId", "S1"}, {"result", {{"who", (*it)["method"]}}}});
  }
  auto got = results.get();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0]["who"], "A");
  EXPECT_EQ(got[1]["who"], "B");
  EXPECT_EQ(got[2]["who"], "C");
}

// A failure in the middle of a batch is reported as Call would report it, and only after the
// rest was answered: no reply of the batch is left to arrive for nobody.
TEST_F(ConnectionTest, CallAllThrowsTheFirstFailureOnceAllAreAnswered) {
  auto results = std::async(std::launch::async, [&] {
    return CaptureError([&] { connection_->CallAll({{"A"}, {"B"}, {"C"}}); });
  });
  std::vector<Json> sent = {Sent(), Sent(), Sent()};
  peer_->Deliver(Json{{"id", sent[0]["id"]}, {"result", Json::object()}});
  peer_->Deliver(Json{{"id", sent[1]["id"]}, {"error", {{"code", -32000}, {"message", "no"}}}});
  EXPECT_EQ(results.wait_for(milliseconds(100)), std::future_status::timeout);
  peer_->Deliver(Json{{"id", sent[2]["id"]}, {"result", Json::object()}});
  cdp::Error error = results.get();
  EXPECT_NE(std::string(error.what()).find('B'), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("no"), std::string::npos) << error.what();
}

TEST_F(ConnectionTest, ErrorReplyCarriesMethodCodeAndMessage) {
  auto reply = CallAsync("DOM.querySelector");
  Json sent = Sent();
  peer_->Deliver(
      Json{{"id", sent["id"]}, {"error", {{"code", -32000}, {"message", "Could not find node"}}}});
  try {
    reply.get();
    FAIL() << "expected a ProtocolError";
  } catch (const cdp::ProtocolError& e) {
    EXPECT_EQ(e.method(), "DOM.querySelector");
    EXPECT_EQ(e.code(), -32000);
    EXPECT_EQ(e.protocol_message(), "Could not find node");
    EXPECT_NE(std::string(e.what()).find("DOM.querySelector"), std::string::npos);
  }
}

TEST_F(ConnectionTest, CallTimesOutAndALateReplyIsHarmless) {
  auto started = Clock::now();
  cdp::Error error = CaptureError(
      [&] { connection_->Call("Runtime.evaluate", Json::object(), "", milliseconds(100)); });
  EXPECT_EQ(error.kind(), ErrorKind::kTimeout);
  EXPECT_NE(std::string(error.what()).find("Runtime.evaluate timed out after 100 ms"),
            std::string::npos)
      << error.what();
  EXPECT_LT(Clock::now() - started, milliseconds(2000));
  Json sent = Sent();
  peer_->Deliver(Json{{"id", sent["id"]}, {"result", Json::object()}});
  // The connection still works after the stray reply.
  auto reply = CallAsync("Browser.getVersion");
  peer_->Deliver(Json{{"id", Sent()["id"]}, {"result", {{"product", "P"}}}});
  EXPECT_EQ(reply.get()["product"], "P");
}

// A browser that is stopped (SIGSTOP, a frozen cgroup) neither exits nor answers: once asked,
// it counts as gone, for the call still waiting on it and for every later one.
TEST_F(ConnectionTest, ABrowserThatDoesNotAnswerWhenAskedIsTreatedAsGone) {
  cdp::Connection::Options options;
  options.liveness_timeout = milliseconds(100);
  Open(std::move(options));
  auto stuck = CallAsync("Runtime.evaluate", "S1");
  EXPECT_EQ(Sent()["method"], "Runtime.evaluate");
  std::optional<cdp::Error> gone = connection_->CheckAnswering("a step timed out");
  EXPECT_EQ(Sent()["method"], "Browser.getVersion");
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ(gone->kind(), ErrorKind::kDisconnected);
  const std::string why =
      "the browser stopped answering (no answer to Browser.getVersion within 100 ms, after a "
      "step timed out)";
  EXPECT_EQ(std::string(gone->what()), why);
  EXPECT_TRUE(connection_->closed());
  cdp::Error waiting = CaptureError([&] { stuck.get(); });
  EXPECT_EQ(waiting.kind(), ErrorKind::kDisconnected);
  EXPECT_EQ(std::string(waiting.what()), "Runtime.evaluate: " + why);
  cdp::Error later = CaptureError([&] { connection_->Call("Page.reload"); });
  EXPECT_EQ(std::string(later.what()), "Page.reload: " + why);
}

// A page that keeps a call waiting is no reason to drop a browser that still answers, even
// with an error reply.
TEST_F(ConnectionTest, ABrowserThatAnswersWhenAskedIsKept) {
  for (bool error_reply : {false, true}) {
    auto check = std::async(std::launch::async,
                            [&] { return connection_->CheckAnswering("a step timed out"); });
    Json sent = Sent();
    ASSERT_EQ(sent["method"], "Browser.getVersion");
    peer_->Deliver(error_reply ? Json{{"id", sent["id"]},
                                      {"error", {{"code", -32601}, {"message", "not allowed"}}}}
                               : Json{{"id", sent["id"]}, {"result", {{"product", "Chrome/1"}}}});
    EXPECT_FALSE(check.get().has_value()) << error_reply;
    EXPECT_FALSE(connection_->closed());
  }
}

TEST_F(ConnectionTest, EventsAreRoutedByMethodAndSession) {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> seen;
  auto record = [&](const std::string& who) {
    return [&, who](const Json& params) {
      std::lock_guard<std::mutex> lock(mutex);
      seen.push_back(who + ":" + params.value("n", std::string()));
      cv.notify_all();
    };
  };
  auto s1 = connection_->Subscribe("Page.loadEventFired", "S1", record("s1"));
  auto s2 = connection_->Subscribe("Page.loadEventFired", "S2", record("s2"));
  auto browser = connection_->Subscribe("Target.targetCreated", "", record("browser"));
  peer_->Deliver(
      Json{{"method", "Page.loadEventFired"}, {"sessionId", "S2"}, {"params", {{"n", "1"}}}});
  peer_->Deliver(
      Json{{"method", "Page.loadEventFired"}, {"sessionId", "S1"}, {"params", {{"n", "2"}}}});
  peer_->Deliver(
      Json{{"method", "Page.loadEventFired"}, {"sessionId", "S3"}, {"params", {{"n", "3"}}}});
  peer_->Deliver(Json{{"method", "Target.targetCreated"}, {"params", {{"n", "4"}}}});
  peer_->Deliver(
      Json{{"method", "Page.frameNavigated"}, {"sessionId", "S1"}, {"params", {{"n", "5"}}}});
  std::unique_lock<std::mutex> lock(mutex);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return seen.size() >= 3; }));
  EXPECT_EQ(seen, (std::vector<std::string>{"s2:1", "s1:2", "browser:4"}));
}

TEST_F(ConnectionTest, NoHandlerRunsAfterItsSubscriptionIsGone) {
  std::atomic<int> calls{0};
  auto subscription = connection_->Subscribe("E", "", [&](const Json&) { ++calls; });
  subscription.Reset();
  peer_->Deliver(Json{{"method", "E"}, {"params", Json::object()}});
  // A reply processed after the event proves the event was dispatched.
  auto reply = CallAsync("Ping");
  peer_->Deliver(Json{{"id", Sent()["id"]}, {"result", Json::object()}});
  reply.get();
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(ConnectionTest, AbruptCloseFailsEveryPendingCallWithTheCause) {
  cdp::Connection::Options options;
  options.disconnect_detail = [] { return "chromium (pid 42) killed by signal 9 (SIGKILL)"; };
  Open(options);
  std::vector<std::future<Json>> calls;
  for (const char* method : {"A", "B", "C"}) {
    calls.push_back(CallAsync(method, "", milliseconds(30000)));
    Sent();
  }
  auto dropped = Clock::now();
  peer_->Drop("pipe closed (EOF)");
  for (auto& call : calls) {
    cdp::Error error = CaptureError([&] { call.get(); });
    EXPECT_EQ(error.kind(), ErrorKind::kDisconnected);
    std::string message = error.what();
    EXPECT_NE(message.find("browser disconnected: pipe closed (EOF)"), std::string::npos);
    EXPECT_NE(message.find("killed by signal 9"), std::string::npos) << message;
  }
  EXPECT_LT(Clock::now() - dropped, milliseconds(1000));
  EXPECT_TRUE(connection_->closed());
  cdp::Error later = CaptureError([&] { connection_->Call("D"); });
  EXPECT_EQ(later.kind(), ErrorKind::kDisconnected);
}

TEST_F(ConnectionTest, MalformedAndTruncatedMessagesAreReportedNotFatal) {
  peer_->Deliver(std::string("{not json"));
  peer_->Deliver(std::string("{\"id\":1,\"result\":{\"a\""));
  peer_->Deliver(std::string("[1,2,3]"));
  peer_->Deliver(std::string("{\"hello\":1}"));
  peer_->Deliver(std::string("{\"id\":-5,\"result\":{}}"));
  peer_->Deliver(std::string("\xff\xfe garbage"));
  auto reply = CallAsync("Ping");
  peer_->Deliver(Json{{"id", Sent()["id"]}, {"result", {{"ok", true}}}});
  EXPECT_EQ(reply.get()["ok"], true);
  auto problems = Problems();
  ASSERT_EQ(problems.size(), 6u);
  EXPECT_NE(problems[0].find("malformed message: {not json"), std::string::npos);
  EXPECT_NE(problems[3].find("neither id nor method"), std::string::npos);
  EXPECT_NE(problems[4].find("bad id"), std::string::npos);
  EXPECT_EQ(connection_->protocol_errors(), 6u);
}

TEST_F(ConnectionTest, HundredMegabyteReplyArrivesIntact) {
  std::string big(100 * 1024 * 1024, 'x');
  big[12345] = 'y';
  // Not a speed test: parsing 100 MB under ThreadSanitizer on a loaded 2-core machine took
  // over a minute once, so the limit only catches a reply that never arrives.
  auto reply = CallAsync("Page.captureScreenshot", "", milliseconds(300000));
  Json sent = Sent();
  peer_->Deliver("{\"id\":" + sent["id"].dump() + ",\"result\":{\"data\":\"" + big + "\"}}");
  Json result = reply.get();
  const auto& data = result["data"].get_ref<const std::string&>();
  EXPECT_EQ(data.size(), big.size());
  EXPECT_EQ(data, big);
}

// A renderer gone under a session the browser never reported to target discovery: no status
// will follow, so nothing tells a crash from a kill.
TEST_F(ConnectionTest, EndedRendererFailsItsPageCallsOnlyAndForLater) {
  auto on_crashed_page = CallAsync("Runtime.evaluate", "S1", milliseconds(30000));
  Sent();
  auto on_other_page = CallAsync("Runtime.evaluate", "S2", milliseconds(30000));
  Json other = Sent();
  peer_->Deliver(
      Json{{"method", "Inspector.targetCrashed"}, {"sessionId", "S1"}, {"params", Json::object()}});
  cdp::Error error = CaptureError([&] { on_crashed_page.get(); });
  EXPECT_EQ(error.kind(), ErrorKind::kRendererGone);
  EXPECT_NE(std::string(error.what()).find("Runtime.evaluate: page's renderer ended"),
            std::string::npos)
      << error.what();
  peer_->Deliver(Json{{"id", other["id"]}, {"result", {{"alive", true}}}, {"sessionId", "S2"}});
  EXPECT_EQ(on_other_page.get()["alive"], true);
  EXPECT_EQ(CaptureError([&] { connection_->Call("Page.reload", Json::object(), "S1"); }).kind(),
            ErrorKind::kRendererGone);
  EXPECT_TRUE(connection_->closed("S1"));
  EXPECT_FALSE(connection_->closed("S2"));
  EXPECT_FALSE(connection_->closed());
}

TEST_F(ConnectionTest, TargetCrashedIsMappedToTheAttachedSession) {
  peer_->Deliver(Json{{"method", "Target.attachedToTarget"},
                      {"params", {{"sessionId", "S9"}, {"targetInfo", {{"targetId", "T9"}}}}}});
  std::promise<std::string> ended;
  auto watch =
      connection_->OnEnd("S9", [&](const cdp::Error& why) { ended.set_value(why.what()); });
  auto pending = CallAsync("DOM.getDocument", "S9", milliseconds(30000));
  Sent();
  peer_->Deliver(Json{{"method", "Target.targetCrashed"},
                      {"params", {{"targetId", "T9"}, {"status", "crashed"}, {"errorCode", 11}}}});
  cdp::Error error = CaptureError([&] { pending.get(); });
  EXPECT_EQ(error.kind(), ErrorKind::kPageCrashed);
  EXPECT_NE(
      std::string(error.what()).find("page crashed: its renderer killed by signal 11 (SIGSEGV)"),
      std::string::npos)
      << error.what();
  auto why = ended.get_future();
  ASSERT_EQ(why.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_NE(why.get().find("SIGSEGV"), std::string::npos);
}

// Chromium sends Inspector.targetCrashed first and Target.targetCrashed, which has the status,
// right after: for a target discovery reported, the session ends with the status.
TEST_F(ConnectionTest, AReportedTargetsRendererEndsWithTheStatusTargetCrashedGives) {
  peer_->Deliver(Json{{"method", "Target.targetCreated"},
                      {"params", {{"targetInfo", {{"targetId", "T3"}, {"type", "page"}}}}}});
  peer_->Deliver(Json{{"method", "Target.attachedToTarget"},
                      {"params", {{"sessionId", "S3"}, {"targetInfo", {{"targetId", "T3"}}}}}});
  auto pending = CallAsync("Runtime.evaluate", "S3", milliseconds(30000));
  Sent();
  peer_->Deliver(
      Json{{"method", "Inspector.targetCrashed"}, {"sessionId", "S3"}, {"params", Json::object()}});
  peer_->Deliver(Json{{"method", "Target.targetCrashed"},
                      {"params", {{"targetId", "T3"}, {"status", "killed"}, {"errorCode", 9}}}});
  cdp::Error error = CaptureError([&] { pending.get(); });
  EXPECT_EQ(error.kind(), ErrorKind::kRendererGone);
  EXPECT_NE(std::string(error.what()).find("killed by signal 9 (SIGKILL) from outside the browser"),
            std::string::npos)
      << error.what();
}

// A renderer that exits without crashing (status "oom" on some platforms, a clean exit) makes
// Chromium detach the page's inspector instead: no reply will come either.
TEST_F(ConnectionTest, ADetachedInspectorFailsThePagesCalls) {
  auto pending = CallAsync("Runtime.evaluate", "S5", milliseconds(30000));
  Sent();
  peer_->Deliver(Json{{"method", "Inspector.detached"},
                      {"sessionId", "S5"},
                      {"params", {{"reason", "Render process gone."}}}});
  cdp::Error error = CaptureError([&] { pending.get(); });
  EXPECT_EQ(error.kind(), ErrorKind::kRendererGone);
  EXPECT_NE(std::string(error.what()).find("page detached: Render process gone."),
            std::string::npos)
      << error.what();
}

TEST_F(ConnectionTest, DetachedSessionFailsItsPendingCalls) {
  auto pending = CallAsync("Page.navigate", "S4", milliseconds(30000));
  Sent();
  peer_->Deliver(Json{{"method", "Target.detachedFromTarget"}, {"params", {{"sessionId", "S4"}}}});
  cdp::Error error = CaptureError([&] { pending.get(); });
  EXPECT_EQ(error.kind(), ErrorKind::kDisconnected);
  EXPECT_NE(std::string(error.what()).find("target closed"), std::string::npos);
}

TEST_F(ConnectionTest, SendsFromManyThreadsAllGetTheirReplies) {
  constexpr int kThreads = 8, kCallsEach = 50;
  std::atomic<bool> stop{false};
  std::thread browser([&] {
    while (!stop) {
      auto sent = peer_->NextSent(milliseconds(50));
      if (sent) {
        peer_->Deliver(Json{{"id", (*sent)["id"]}, {"result", {{"echo", (*sent)["params"]}}}});
      }
    }
  });
  std::vector<std::thread> callers;
  std::atomic<int> correct{0};
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < kCallsEach; ++i) {
        Json result = connection_->Call("Echo", {{"t", t}, {"i", i}});
        if (result["echo"]["t"] == t && result["echo"]["i"] == i) ++correct;
      }
    });
  }
  for (auto& caller : callers) caller.join();
  stop = true;
  browser.join();
  EXPECT_EQ(correct.load(), kThreads * kCallsEach);
}

}  // namespace
