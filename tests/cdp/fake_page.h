// A cdp::Page over a fake browser end, for tests of what listens to a page (the navigation
// watcher, the page recorder, the isolated world): events and replies in orders a real browser
// produces only now and then, made to happen every time.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cdp/page.h"
#include "tests/cdp/fake_transport.h"

namespace cujo_test {

class FakePageTest : public ::testing::Test {
 protected:
  static constexpr char kSession[] = "session-1";
  static constexpr char kFrame[] = "target-1";

  // Closes the page, answering the Target.closeTarget it sends on the way out.
  void TearDown() override;

  void Reply(const cdp::Json& command, cdp::Json result);
  void Event(const std::string& method, cdp::Json params);
  // Returns once every event delivered before it was handled (they are, in order).
  void AwaitEventsHandled();

  std::shared_ptr<FakePeer> peer_ = std::make_shared<FakePeer>();
  cdp::Connection connection_{std::make_unique<FakeTransport>(peer_), {}};
  std::unique_ptr<cdp::Page> page_ = std::make_unique<cdp::Page>(connection_, kFrame, kSession);
};

}  // namespace cujo_test
