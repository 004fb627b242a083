#include "tests/cdp/fake_page.h"

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

void FakePageTest::Event(const std::string& method, cdp::Json params) {
  peer_->Deliver(cdp::Json{{"method", method}, {"sessionId", kSession}, {"params", params}});
}

}  // namespace cujo_test
