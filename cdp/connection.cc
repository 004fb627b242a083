#include "cdp/connection.h"

#include "cdp/json_fields.h"
#include "cdp/message.h"
#include "cdp/renderer_exit.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

namespace cdp {

namespace {

// Sessions that ended are remembered so later calls on them fail at once with the real
// cause; the oldest are forgotten (the browser then answers -32001, session not found).
constexpr size_t kEndedSessionsKept = 4096;

struct PendingCall {
  std::string method;
  std::string session_id;
  std::promise<Json> promise;
};

struct Handler {
  uint64_t id = 0;
  std::string key;  // method + '\n' + session for events; '\n' + session for end handlers
  Connection::EventHandler on_event;
  Connection::EndHandler on_end;
};

struct StoredError {
  ErrorKind kind;
  std::string message;
  Error ToError() const { return Error(kind, message); }
};

std::string EventKey(const std::string& method, const std::string& session) {
  return method + '\n' + session;
}

std::string CommandText(uint64_t id, const std::string& method, Json params,
                        const std::string& session_id) {
  Json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session_id.empty()) message["sessionId"] = session_id;
  // Page text can hold invalid UTF-8; replacing it beats failing the command.
  return message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

struct Connection::State {
  Options options;

  std::mutex mutex;
  std::condition_variable inbox_cv;
  std::deque<std::string> inbox;
  std::optional<std::string> close_reason;

  uint64_t next_call_id = 1;
  std::unordered_map<uint64_t, std::shared_ptr<PendingCall>> pending;

  uint64_t next_handler_id = 1;
  std::unordered_map<uint64_t, std::shared_ptr<Handler>> handlers;
  std::unordered_map<std::string, std::map<uint64_t, std::shared_ptr<Handler>>> handlers_by_key;

  std::unordered_map<std::string, std::string> session_by_target;
  // Targets Target.targetCreated announced: their crashes come with Target.targetCrashed.
  std::unordered_set<std::string> reported_targets;
  std::unordered_map<std::string, StoredError> ended_sessions;
  std::deque<std::string> ended_order;
  std::optional<StoredError> connection_error;

  // Held while handlers run, so that Unsubscribe can wait for a running handler to return.
  std::mutex dispatch_mutex;
  std::thread::id dispatch_thread_id;
  std::atomic<uint64_t> protocol_errors{0};
  std::thread dispatch_thread;
  // Serializes Close: two owners closing at once must not both join the dispatch thread.
  std::mutex close_mutex;
  // Close() was called: the end is cujo's doing, with nothing about the browser to tell (and
  // describing it may wait for its exit, which is the caller's business).
  std::atomic<bool> closed_by_owner{false};
  // Why CheckAnswering closed the connection: the browser did not answer.
  std::optional<std::string> hung;

  void Enqueue(std::string message) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      inbox.push_back(std::move(message));
    }
    inbox_cv.notify_one();
  }

  void TransportClosed(std::string reason) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      close_reason = std::move(reason);
    }
    inbox_cv.notify_one();
  }

  // The dispatch thread: JSON parsing (up to hundreds of ms for a big screenshot) happens
  // here, never on the transport's I/O thread.
  void DispatchLoop() {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      inbox_cv.wait(lock, [this] { return !inbox.empty() || close_reason.has_value(); });
      if (!inbox.empty()) {
        std::string message = std::move(inbox.front());
        inbox.pop_front();
        lock.unlock();
        HandleMessage(message);
        lock.lock();
        continue;
      }
      std::string reason = *close_reason;
      lock.unlock();
      HandleClose(reason);
      return;
    }
  }

  void ReportProtocolError(const std::string& problem) {
    ++protocol_errors;
    if (options.on_protocol_error) {
      options.on_protocol_error(problem);
    } else {
      spdlog::warn("cdp: {}", problem);
    }
  }

  void HandleMessage(const std::string& text) {
    IncomingMessage message = DecodeMessage(text);
    if (auto* reply = std::get_if<IncomingReply>(&message)) {
      HandleReply(*reply);
    } else if (auto* event = std::get_if<IncomingEvent>(&message)) {
      HandleEvent(event->method, event->session_id, event->params);
    } else {
      ReportProtocolError(std::get<MalformedMessage>(message).problem);
    }
  }

  void HandleReply(IncomingReply& reply) {
    std::shared_ptr<PendingCall> call;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = pending.find(reply.id);
      if (it == pending.end()) {
        // The call timed out and its waiter left; nothing to deliver.
        spdlog::debug("cdp: reply to id {} that nobody waits for", reply.id);
        return;
      }
      call = std::move(it->second);
      pending.erase(it);
    }
    if (reply.error) {
      call->promise.set_exception(std::make_exception_ptr(
          ProtocolError(call->method, reply.error->code, std::move(reply.error->message))));
      return;
    }
    call->promise.set_value(std::move(reply.result));
  }

  void HandleEvent(const std::string& method, const std::string& session, const Json& params) {
    TrackSessions(method, session, params);
    std::lock_guard<std::mutex> dispatching(dispatch_mutex);
    std::vector<std::shared_ptr<Handler>> matching;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = handlers_by_key.find(EventKey(method, session));
      if (it == handlers_by_key.end()) return;
      for (auto& [handler_id, handler] : it->second) matching.push_back(handler);
    }
    for (auto& handler : matching) {
      try {
        handler->on_event(params);
      } catch (const std::exception& e) {
        spdlog::error("cdp: handler for {} threw: {}", method, e.what());
      }
    }
  }

  // Notices the events that end a session, so calls waiting on a dead page fail now instead
  // of at their timeout: a renderer that is gone never answers them.
  void TrackSessions(const std::string& method, const std::string& session, const Json& params) {
    if (method == "Target.attachedToTarget") {
      auto info = params.find("targetInfo");
      if (info != params.end() && info->is_object()) {
        std::lock_guard<std::mutex> lock(mutex);
        session_by_target[StringField(*info, "targetId")] = StringField(params, "sessionId");
      }
    } else if (method == "Target.targetCreated") {
      std::lock_guard<std::mutex> lock(mutex);
      reported_targets.insert(StringField(ObjectField(params, "targetInfo"), "targetId"));
    } else if (method == "Target.targetDestroyed") {
      std::lock_guard<std::mutex> lock(mutex);
      reported_targets.erase(StringField(params, "targetId"));
    } else if (method == "Inspector.targetCrashed") {
      // Chromium sends Target.targetCrashed, with the status that tells a crash from a kill,
      // right after this and in the same task, for every target it reported to discovery.
      if (CrashIsReported(session)) return;
      EndSession(session, {ErrorKind::kRendererGone, "page's renderer ended (no reason given)"});
    } else if (method == "Target.targetCrashed") {
      std::string crashed;
      {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = session_by_target.find(StringField(params, "targetId"));
        if (it != session_by_target.end()) crashed = it->second;
      }
      if (crashed.empty()) return;  // a target cujo has no session on
      Error why = RendererExitError(StringField(params, "status"),
                                    static_cast<int>(NumberField(params, "errorCode")));
      EndSession(crashed, {why.kind(), why.what()});
    } else if (method == "Inspector.detached") {
      // A renderer that exited without crashing ("Render process gone."), or a page taken
      // over by another client: no Inspector.targetCrashed, and no reply will come.
      EndSession(session,
                 {ErrorKind::kRendererGone, "page detached: " + StringField(params, "reason")});
    } else if (method == "Target.detachedFromTarget") {
      std::string detached = StringField(params, "sessionId");
      EndSession(detached, {ErrorKind::kDisconnected, "target closed (session detached)"});
      std::lock_guard<std::mutex> lock(mutex);
      session_by_target.erase(StringField(params, "targetId"));
    }
  }

  // Whether Target.targetCrashed will follow for `session`'s target.
  bool CrashIsReported(const std::string& session) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& [target, attached] : session_by_target) {
      if (attached == session) return reported_targets.count(target) > 0;
    }
    return false;
  }

  void EndSession(const std::string& session, StoredError why) {
    if (session.empty()) return;
    // Held from before the handlers leave the table until they have run: an Unsubscribe on
    // another thread (whose object is about to be freed) must wait for us, not slip between.
    std::lock_guard<std::mutex> dispatching(dispatch_mutex);
    std::vector<std::shared_ptr<PendingCall>> failed;
    std::vector<std::shared_ptr<Handler>> enders;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!ended_sessions.emplace(session, why).second) return;
      ended_order.push_back(session);
      if (ended_order.size() > kEndedSessionsKept) {
        ended_sessions.erase(ended_order.front());
        ended_order.pop_front();
      }
      for (auto it = pending.begin(); it != pending.end();) {
        if (it->second->session_id == session) {
          failed.push_back(std::move(it->second));
          it = pending.erase(it);
        } else {
          ++it;
        }
      }
      enders = TakeHandlersLocked(EventKey("", session));
    }
    Fail(failed, enders, why);
  }

  void HandleClose(const std::string& reason) {
    std::string message = "browser disconnected: " + reason;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (hung) message = "the browser stopped answering (" + *hung + ")";
    }
    if (options.disconnect_detail && !closed_by_owner) {
      std::string detail = options.disconnect_detail();
      if (!detail.empty()) message += "; " + detail;
    }
    StoredError why{ErrorKind::kDisconnected, message};
    std::lock_guard<std::mutex> dispatching(dispatch_mutex);  // see EndSession
    std::vector<std::shared_ptr<PendingCall>> failed;
    std::vector<std::shared_ptr<Handler>> enders;
    {
      std::lock_guard<std::mutex> lock(mutex);
      connection_error = why;
      for (auto& [id, call] : pending) failed.push_back(std::move(call));
      pending.clear();
      for (auto& [id, handler] : handlers) {
        if (handler->on_end) enders.push_back(handler);
      }
      for (auto& handler : enders) RemoveHandlerLocked(handler);
    }
    Fail(failed, enders, why);
  }

  uint64_t RegisterLocked(std::shared_ptr<Handler> handler) {
    handler->id = next_handler_id++;
    handlers_by_key[handler->key].emplace(handler->id, handler);
    handlers.emplace(handler->id, std::move(handler));
    return next_handler_id - 1;
  }

  std::vector<std::shared_ptr<Handler>> TakeHandlersLocked(const std::string& key) {
    std::vector<std::shared_ptr<Handler>> taken;
    auto it = handlers_by_key.find(key);
    if (it == handlers_by_key.end()) return taken;
    for (auto& [id, handler] : it->second) taken.push_back(handler);
    for (auto& handler : taken) RemoveHandlerLocked(handler);
    return taken;
  }

  // By value: a reference into `handlers` would dangle once the entry is erased.
  void RemoveHandlerLocked(std::shared_ptr<Handler> handler) {
    handlers.erase(handler->id);
    auto bucket = handlers_by_key.find(handler->key);
    if (bucket == handlers_by_key.end()) return;
    bucket->second.erase(handler->id);
    if (bucket->second.empty()) handlers_by_key.erase(bucket);
  }

  void Fail(std::vector<std::shared_ptr<PendingCall>>& calls,
            std::vector<std::shared_ptr<Handler>>& enders, const StoredError& why) {
    for (auto& call : calls) {
      std::string message = call->method + ": " + why.message;
      call->promise.set_exception(std::make_exception_ptr(Error(why.kind, message)));
    }
    // The caller holds dispatch_mutex.
    for (auto& handler : enders) handler->on_end(why.ToError());
  }
};

Subscription::Subscription(Subscription&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)), id_(other.id_) {}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    Reset();
    connection_ = std::exchange(other.connection_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

void Subscription::Reset() {
  if (connection_ != nullptr) connection_->Unsubscribe(id_);
  connection_ = nullptr;
}

Connection::Connection(std::unique_ptr<Transport> transport, Options options)
    : transport_(std::move(transport)), state_(std::make_shared<State>()) {
  state_->options = std::move(options);
  State* state = state_.get();
  state_->dispatch_thread = std::thread([state] { state->DispatchLoop(); });
  state_->dispatch_thread_id = state_->dispatch_thread.get_id();
  transport_->Start({[state](std::string message) { state->Enqueue(std::move(message)); },
                     [state](std::string reason) { state->TransportClosed(std::move(reason)); }});
}

Connection::~Connection() { Close(); }

void Connection::Close() {
  std::lock_guard<std::mutex> closing(state_->close_mutex);
  state_->closed_by_owner = true;
  transport_->Close();
  if (state_->dispatch_thread.joinable() &&
      std::this_thread::get_id() != state_->dispatch_thread_id) {
    state_->dispatch_thread.join();
  }
}

std::optional<Error> Connection::CheckAnswering(const std::string& waited_for) {
  const Milliseconds limit = state_->options.liveness_timeout;
  try {
    Call("Browser.getVersion", Json::object(), "", limit);
    return std::nullopt;
  } catch (const Error& e) {
    // Any other answer, an error reply included, came from a browser that runs; a closed
    // connection has its own reason, returned below.
    if (e.kind() != ErrorKind::kTimeout && !closed()) return std::nullopt;
  }
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (!state_->connection_error) {
      state_->hung = "no answer to Browser.getVersion within " + std::to_string(limit.count()) +
                     " ms, after " + waited_for;
    }
  }
  Close();
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->connection_error ? state_->connection_error->ToError()
                                  : Error(ErrorKind::kDisconnected, "browser disconnected");
}

bool Connection::closed(const std::string& session_id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->connection_error.has_value() ||
         (!session_id.empty() && state_->ended_sessions.count(session_id) > 0);
}

uint64_t Connection::protocol_errors() const { return state_->protocol_errors.load(); }

Json Connection::Call(const std::string& method, Json params, const std::string& session_id,
                      std::optional<Milliseconds> timeout) {
  std::vector<Command> one;
  one.push_back({method, std::move(params)});
  return std::move(CallAll(std::move(one), session_id, timeout).front());
}

std::vector<Json> Connection::CallAll(std::vector<Command> commands, const std::string& session_id,
                                      std::optional<Milliseconds> timeout) {
  std::vector<std::pair<uint64_t, std::future<Json>>> waiting;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    const std::string first = commands.empty() ? "" : commands.front().method;
    if (state_->connection_error) {
      throw Error(state_->connection_error->kind, first + ": " + state_->connection_error->message);
    }
    auto ended = state_->ended_sessions.find(session_id);
    if (!session_id.empty() && ended != state_->ended_sessions.end()) {
      throw Error(ended->second.kind, first + ": " + ended->second.message);
    }
    for (const auto& command : commands) {
      auto call = std::make_shared<PendingCall>();
      call->method = command.method;
      call->session_id = session_id;
      uint64_t id = state_->next_call_id++;
      waiting.emplace_back(id, call->promise.get_future());
      state_->pending.emplace(id, std::move(call));
    }
  }
  const auto sent = std::chrono::steady_clock::now();
  for (size_t i = 0; i < commands.size(); ++i) {
    transport_->Send(CommandText(waiting[i].first, commands[i].method,
                                 std::move(commands[i].params), session_id));
  }

  const Milliseconds limit = timeout.value_or(state_->options.default_timeout);
  const auto deadline = sent + limit;
  std::vector<Json> results(commands.size());
  std::exception_ptr first_failure;
  for (size_t i = 0; i < commands.size(); ++i) {
    auto& [id, reply] = waiting[i];
    if (reply.wait_until(deadline) != std::future_status::ready) {
      std::lock_guard<std::mutex> lock(state_->mutex);
      // Still pending means nobody will fulfil it now; otherwise the reply won the race.
      if (state_->pending.erase(id) == 1) {
        if (!first_failure) {
          first_failure = std::make_exception_ptr(Error(
              ErrorKind::kTimeout,
              commands[i].method + " timed out after " + std::to_string(limit.count()) + " ms"));
        }
        continue;
      }
    }
    try {
      results[i] = reply.get();
    } catch (...) {
      if (!first_failure) first_failure = std::current_exception();
    }
  }
  // `--log-level trace`: where a journey's time goes, command by command.
  if (spdlog::should_log(spdlog::level::trace)) {
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - sent;
    std::string methods;
    for (const auto& command : commands) methods += (methods.empty() ? "" : " + ") + command.method;
    spdlog::trace("cdp: {} {}{:.1f} ms", methods,
                  session_id.empty() ? "" : "[" + session_id.substr(0, 8) + "] ", took.count());
  }
  if (first_failure) std::rethrow_exception(first_failure);
  return results;
}

void Connection::Post(const std::string& method, Json params, const std::string& session_id) {
  uint64_t id;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->connection_error) return;
    id = state_->next_call_id++;
  }
  transport_->Send(CommandText(id, method, std::move(params), session_id));
}

Subscription Connection::Subscribe(const std::string& method, const std::string& session_id,
                                   EventHandler handler) {
  auto entry = std::make_shared<Handler>();
  entry->key = EventKey(method, session_id);
  entry->on_event = std::move(handler);
  std::lock_guard<std::mutex> lock(state_->mutex);
  return Subscription(this, state_->RegisterLocked(std::move(entry)));
}

Subscription Connection::OnEnd(const std::string& session_id, EndHandler handler) {
  std::optional<StoredError> already;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto ended = state_->ended_sessions.find(session_id);
    if (state_->connection_error) {
      already = state_->connection_error;
    } else if (!session_id.empty() && ended != state_->ended_sessions.end()) {
      already = ended->second;
    } else {
      auto entry = std::make_shared<Handler>();
      entry->key = EventKey("", session_id);
      entry->on_end = std::move(handler);
      return Subscription(this, state_->RegisterLocked(std::move(entry)));
    }
  }
  handler(already->ToError());
  return Subscription();
}

void Connection::Unsubscribe(uint64_t id) {
  std::shared_ptr<Handler> removed;  // its captures are destroyed outside the lock
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->handlers.find(id);
    if (it != state_->handlers.end()) {
      removed = it->second;
      state_->RemoveHandlerLocked(removed);
    }
  }
  if (std::this_thread::get_id() != state_->dispatch_thread_id) {
    // Wait out a handler that may be running right now.
    std::lock_guard<std::mutex> dispatching(state_->dispatch_mutex);
  }
}

}  // namespace cdp
