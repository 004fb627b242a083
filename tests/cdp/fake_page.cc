#include "tests/cdp/fake_page.h"

#include <chrono>
#include <future>

namespace cujo_test {

void FakePageTest::TearDown() {
  auto closing = std::async(std::launch::async, [&] { Reply(peer_->Sent(), cdp::Json::object()); });
  page_.reset();
  closing.get();
}

void FakePageTest::Reply(const cdp::Json& command, cdp::Json result) {
  peer_->Deliver(cdp::Json{{"id", command["id"]}, {"sessionId", kSession}, {"result", result}});
}

void FakePageTest::AwaitEventsHandled() {
  std::promise<void> seen;
  auto subscription = page_->On("Test.barrier", [&](const cdp::Json&) { seen.set_value(); });
  Event("Test.barrier", cdp::Json::object());
  ASSERT_EQ(seen.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

void FakePageTest::Event(const std::string& method, cdp::Json params) {
  peer_->Deliver(cdp::Json{{"method", method}, {"sessionId", kSession}, {"params", params}});
}

}  // namespace cujo_test
