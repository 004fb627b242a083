// One CDP connection to a browser, shared by all its pages (flattened sessions). Correlates
// command ids with replies, routes events by method and session, and guarantees that no call
// waits forever: every call has a timeout, and a closed transport or a crashed page fails the
// calls that were waiting on it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cdp/error.h"
#include "cdp/transport.h"

namespace cdp {

using Json = nlohmann::json;
using Milliseconds = std::chrono::milliseconds;

class Connection;

// Unsubscribes on destruction. After it is destroyed (or reset) from a thread other than the
// dispatch thread, its handler is not running and will not run again.
class Subscription {
 public:
  Subscription() = default;
  Subscription(Connection* connection, uint64_t id) : connection_(connection), id_(id) {}
  Subscription(Subscription&& other) noexcept;
  Subscription& operator=(Subscription&& other) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription() { Reset(); }
  void Reset();

 private:
  Connection* connection_ = nullptr;
  uint64_t id_ = 0;
};

class Connection {
 public:
  struct Options {
    Milliseconds default_timeout{30000};
    // Adds context to the "browser disconnected" error (exit status, stderr tail). Runs on
    // the dispatch thread when the transport closes, unless Close() closed it; may block
    // briefly (bounded).
    std::function<std::string()> disconnect_detail;
    // A message that is not valid CDP (bad JSON, no id or method). Default: logged.
    std::function<void(const std::string& problem)> on_protocol_error;
    // How long CheckAnswering waits for the browser's answer before calling it hung.
    Milliseconds liveness_timeout{5000};
  };

  using EventHandler = std::function<void(const Json& params)>;
  using EndHandler = std::function<void(const Error& why)>;

  Connection(std::unique_ptr<Transport> transport, Options options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends `method` and waits for its reply; returns the `result` object. Throws
  // ProtocolError on an error reply, Error(kTimeout), Error(kDisconnected), Error(kPageCrashed)
  // or Error(kRendererGone). Thread-safe. Must not be called from an event handler.
  Json Call(const std::string& method, Json params = Json::object(),
            const std::string& session_id = {}, std::optional<Milliseconds> timeout = {});

  struct Command {
    std::string method;
    Json params = Json::object();
  };
  // Sends every command before waiting for any reply: one round trip instead of one each.
  // The browser still runs a session's commands in order. Returns the results in order;
  // once all are answered (or timed out), throws what Call would for the first that failed.
  std::vector<Json> CallAll(std::vector<Command> commands, const std::string& session_id = {},
                            std::optional<Milliseconds> timeout = {});

  // Sends `method` without waiting for the reply (which is dropped). For event handlers that
  // must answer the browser, e.g. Page.handleJavaScriptDialog; a no-op once closed.
  void Post(const std::string& method, Json params, const std::string& session_id);

  // Calls `handler` for each `method` event of `session_id` ("" = the browser's own events).
  // Handlers run on the dispatch thread in arrival order and must not block or Call().
  [[nodiscard]] Subscription Subscribe(const std::string& method, const std::string& session_id,
                                       EventHandler handler);
  // Calls `handler` once when `session_id` can no longer answer (page crashed, target
  // detached) or the connection closes; with "" only the latter. Immediately if already so.
  [[nodiscard]] Subscription OnEnd(const std::string& session_id, EndHandler handler);

  // For a caller that waited in vain and must know whose doing that was: a busy page, or a
  // browser that no longer runs at all (stopped, frozen by its cgroup, deadlocked), which
  // neither exits nor answers. Asks the browser itself (Browser.getVersion); one that gives no
  // answer within Options::liveness_timeout is treated as gone: the connection closes, every
  // call fails with Error(kDisconnected, "the browser stopped answering (...)"), and that error
  // is returned. nullopt: it answered. `waited_for` says what timed out, for that error.
  std::optional<Error> CheckAnswering(const std::string& waited_for);

  // Closes the transport and fails every pending call. Idempotent.
  void Close();
  // Whether the connection closed; with a session, also whether that session ended (renderer
  // gone, target detached): what OnEnd would report at once.
  bool closed(const std::string& session_id = "") const;
  // Number of messages that were not valid CDP.
  uint64_t protocol_errors() const;

 private:
  friend class Subscription;
  struct State;
  void Unsubscribe(uint64_t id);

  std::unique_ptr<Transport> transport_;
  std::shared_ptr<State> state_;
};

}  // namespace cdp
