// An in-process stand-in for a browser's end of the channel: the test plays the browser,
// delivering replies, events, garbage or a dropped connection exactly when it wants to.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "cdp/connection.h"
#include "cdp/transport.h"

namespace cujo_test {

class FakePeer {
 public:
  // Messages cujo sent, oldest first; waits up to `timeout` for one. nullopt on timeout.
  std::optional<cdp::Json> NextSent(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The next message cujo sent (waits up to 5 s); throws std::runtime_error if none came.
  cdp::Json Sent();
  void Deliver(std::string message);
  void Deliver(const cdp::Json& message) { Deliver(message.dump()); }
  // The browser side vanishes: on_close with `reason`.
  void Drop(const std::string& reason);

 private:
  friend class FakeTransport;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> sent_;
  cdp::Transport::Handlers handlers_;
  bool closed_ = false;
};

class FakeTransport : public cdp::Transport {
 public:
  explicit FakeTransport(std::shared_ptr<FakePeer> peer) : peer_(std::move(peer)) {}
  ~FakeTransport() override { Close(); }
  void Start(Handlers handlers) override;
  void Send(std::string message) override;
  void Close() override;

 private:
  std::shared_ptr<FakePeer> peer_;
};

}  // namespace cujo_test
