// The isolated world against a fake browser end: a document replaced between learning its world
// and evaluating in it, worlds of other frames and names, and a page that ends while a new
// document's world is awaited. The world itself, in real documents: browser_test.cc.
#include "cdp/isolated_world.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "tests/cdp/fake_page.h"
#include "tests/cdp/test_support.h"

namespace {

using cdp::Json;
using std::chrono::milliseconds;

class IsolatedWorldTest : public cujo_test::FakePageTest {
 protected:
  // Runtime.executionContextCreated as Chromium sends it.
  void WorldCreated(const std::string& name, const std::string& frame,
                    const std::string& unique_id) {
    Event("Runtime.executionContextCreated",
          {{"context",
            {{"id", 3},
             {"origin", "http://127.0.0.1"},
             {"name", name},
             {"uniqueId", unique_id},
             {"auxData", {{"isDefault", false}, {"type", "isolated"}, {"frameId", frame}}}}}});
  }
  std::future<Json> EvaluateInBackground(milliseconds timeout = std::chrono::seconds(10)) {
    return std::async(std::launch::async,
                      [this, timeout] { return world_.Evaluate("globalThis.answer", timeout); });
  }
  // The Runtime.evaluate the world sent, checked to name `unique_id`.
  Json EvaluateSentIn(const std::string& unique_id) {
    Json sent = peer_->Sent();
    EXPECT_EQ(sent["method"], "Runtime.evaluate");
    EXPECT_EQ(sent["params"]["uniqueContextId"], unique_id) << sent.dump();
    return sent;
  }
  // The evaluation behind `answer` went to the world `unique_id`: answered there, it returns.
  void ExpectEvaluatedIn(const std::string& unique_id, std::future<Json>& answer) {
    Json sent = EvaluateSentIn(unique_id);
    Reply(sent, {{"result", {{"type", "number"}, {"value", sent["id"]}}}});
    EXPECT_EQ(answer.get(), sent["id"]);
  }

  cdp::IsolatedWorld world_{*page_, "cujo"};
};

// The main frame's document was replaced after its world was learnt and before the evaluation
// reached the renderer: V8 no longer knows the world. The evaluation goes to the new
// document's world once it is announced, within the same call.
TEST_F(IsolatedWorldTest, AWorldGoneWithItsDocumentIsReplacedByTheNextDocumentsWorld) {
  WorldCreated("cujo", kFrame, "old.1");
  auto answer = EvaluateInBackground();
  Json stale = EvaluateSentIn("old.1");
  peer_->Deliver(Json{{"id", stale["id"]},
                      {"sessionId", kSession},
                      {"error", {{"code", -32602}, {"message", "uniqueContextId not found"}}}});
  Event("Runtime.executionContextsCleared", Json::object());
  WorldCreated("cujo", kFrame, "new.2");
  ExpectEvaluatedIn("new.2", answer);
}

// Child frames get a world of the same name (the scripts run in every frame), and the page
// has worlds of other names (the main world, other tools'): none of them is the main frame's.
TEST_F(IsolatedWorldTest, OnlyTheMainFramesWorldOfThisNameIsUsed) {
  WorldCreated("cujo", "child-frame", "child.1");
  WorldCreated("other-tool", kFrame, "other.2");
  cdp::Error error = cujo_test::CaptureError([&] { world_.Evaluate("1", milliseconds(50)); });
  EXPECT_EQ(error.kind(), cdp::ErrorKind::kTimeout);
  EXPECT_NE(std::string(error.what()).find("no 'cujo' world"), std::string::npos) << error.what();

  auto answer = EvaluateInBackground();
  WorldCreated("cujo", kFrame, "main.3");
  ExpectEvaluatedIn("main.3", answer);
}

TEST_F(IsolatedWorldTest, TheDestroyedCurrentWorldIsNotUsed) {
  WorldCreated("cujo", kFrame, "main.1");
  Event("Runtime.executionContextDestroyed",
        {{"executionContextId", 3}, {"executionContextUniqueId", "main.1"}});
  AwaitEventsHandled();
  auto answer = EvaluateInBackground();
  WorldCreated("cujo", kFrame, "main.2");
  ExpectEvaluatedIn("main.2", answer);
}

// An older browser names only the integer id of a destroyed context, which may be any frame's:
// the current world stays until it is found gone.
TEST_F(IsolatedWorldTest, ADestroyedContextWithoutAUniqueIdLeavesTheWorld) {
  WorldCreated("cujo", kFrame, "main.1");
  Event("Runtime.executionContextDestroyed", {{"executionContextId", 9}});
  AwaitEventsHandled();
  auto answer = EvaluateInBackground(milliseconds(2000));
  ExpectEvaluatedIn("main.1", answer);
}

// A renderer that ends while a new document's world is awaited: the call says so at once
// rather than waiting out its timeout and calling it a missing world.
TEST_F(IsolatedWorldTest, APageThatEndsWhileAWorldIsAwaitedFailsWithWhy) {
  auto answer = EvaluateInBackground(std::chrono::seconds(30));
  Event("Inspector.targetCrashed", Json::object());
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  cdp::Error error = cujo_test::CaptureError([&] { answer.get(); });
  EXPECT_EQ(error.kind(), cdp::ErrorKind::kRendererGone) << error.what();
}

TEST_F(IsolatedWorldTest, OtherProtocolErrorsAreTheCallers) {
  WorldCreated("cujo", kFrame, "main.1");
  auto answer = EvaluateInBackground();
  Json sent = EvaluateSentIn("main.1");
  peer_->Deliver(
      Json{{"id", sent["id"]},
           {"sessionId", kSession},
           {"error", {{"code", -32000}, {"message", "Execution context was destroyed."}}}});
  cdp::Error error = cujo_test::CaptureError([&] { answer.get(); });
  EXPECT_EQ(error.kind(), cdp::ErrorKind::kProtocol);
  EXPECT_NE(std::string(error.what()).find("Execution context was destroyed."), std::string::npos);
}

}  // namespace
