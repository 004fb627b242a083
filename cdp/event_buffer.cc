#include "cdp/event_buffer.h"

#include <chrono>

namespace cdp {

EventBuffer::EventBuffer(Connection& connection, const std::string& session_id,
                         const std::vector<std::string>& methods) {
  for (const auto& method : methods) {
    subscriptions_.push_back(
        connection.Subscribe(method, session_id, [this, method](const Json& params) {
          {
            std::lock_guard<std::mutex> lock(mutex_);
            events_.push_back({method, params});
          }
          cv_.notify_all();
        }));
  }
  subscriptions_.push_back(connection.OnEnd(session_id, [this](const Error& why) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ended_ = why;
    }
    cv_.notify_all();
  }));
}

std::optional<Event> EventBuffer::TakeLocked(const std::function<bool(const Event&)>& match) {
  for (auto it = events_.begin(); it != events_.end(); ++it) {
    if (match(*it)) {
      Event event = std::move(*it);
      events_.erase(it);
      return event;
    }
  }
  return std::nullopt;
}

std::optional<Event> EventBuffer::Take(const std::function<bool(const Event&)>& match) {
  std::lock_guard<std::mutex> lock(mutex_);
  return TakeLocked(match);
}

Event EventBuffer::WaitFor(const std::function<bool(const Event&)>& match, Milliseconds timeout,
                           const std::string& what) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (auto event = TakeLocked(match)) return std::move(*event);
    if (ended_) throw Error(ended_->kind(), what + ": " + ended_->what());
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      if (auto event = TakeLocked(match)) return std::move(*event);
      throw Error(ErrorKind::kTimeout,
                  what + " did not happen within " + std::to_string(timeout.count()) + " ms");
    }
  }
}

}  // namespace cdp
