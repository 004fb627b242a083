// Subscribe before acting, wait after: an event that fires between the action and the wait
// (a fast page load, a dialog) is buffered instead of lost. Waits end early with the real
// cause when the page crashes or the browser disconnects.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cdp/connection.h"

namespace cdp {

struct Event {
  std::string method;
  Json params;
};

class EventBuffer {
 public:
  EventBuffer(Connection& connection, const std::string& session_id,
              const std::vector<std::string>& methods);
  EventBuffer(const EventBuffer&) = delete;
  EventBuffer& operator=(const EventBuffer&) = delete;

  // Removes and returns the first buffered or future event that `match` accepts. Throws
  // Error(kTimeout) saying `what` did not happen, or the session's end error.
  Event WaitFor(const std::function<bool(const Event&)>& match, Milliseconds timeout,
                const std::string& what);
  // The first buffered event `match` accepts, without waiting.
  std::optional<Event> Take(const std::function<bool(const Event&)>& match);

 private:
  std::optional<Event> TakeLocked(const std::function<bool(const Event&)>& match);

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Event> events_;
  std::optional<Error> ended_;
  // Declared last: unsubscribed first, while the members their handlers touch still exist.
  std::vector<Subscription> subscriptions_;
};

}  // namespace cdp
