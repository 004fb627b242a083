#include "tests/cdp/fake_transport.h"

#include <stdexcept>

namespace cujo_test {

std::optional<cdp::Json> FakePeer::NextSent(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!cv_.wait_for(lock, timeout, [this] { return !sent_.empty(); })) return std::nullopt;
  std::string text = std::move(sent_.front());
  sent_.pop_front();
  return cdp::Json::parse(text);
}

cdp::Json FakePeer::Sent() {
  auto sent = NextSent();
  if (!sent) throw std::runtime_error("cujo sent nothing");
  return *sent;
}

void FakePeer::Deliver(std::string message) {
  cdp::Transport::Handlers handlers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    handlers = handlers_;
  }
  handlers.on_message(std::move(message));
}

void FakePeer::Drop(const std::string& reason) {
  cdp::Transport::Handlers handlers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
    handlers = handlers_;
  }
  handlers.on_close(reason);
}

void FakeTransport::Start(Handlers handlers) {
  std::lock_guard<std::mutex> lock(peer_->mutex_);
  peer_->handlers_ = std::move(handlers);
}

void FakeTransport::Send(std::string message) {
  {
    std::lock_guard<std::mutex> lock(peer_->mutex_);
    if (peer_->closed_) return;
    peer_->sent_.push_back(std::move(message));
  }
  peer_->cv_.notify_all();
}

void FakeTransport::Close() { peer_->Drop("closed by cujo"); }

}  // namespace cujo_test
