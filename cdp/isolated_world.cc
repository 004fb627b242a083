#include "cdp/isolated_world.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "cdp/json_fields.h"

namespace cdp {
namespace {

// V8's answer to a uniqueContextId whose context is gone: its document was replaced.
constexpr char kWorldGone[] = "uniqueContextId not found";

}  // namespace

IsolatedWorld::IsolatedWorld(Page& page, std::string name) : page_(page), name_(std::move(name)) {
  created_ =
      page_.On("Runtime.executionContextCreated", [this](const Json& params) { Created(params); });
  destroyed_ = page_.On("Runtime.executionContextDestroyed", [this](const Json& params) {
    // Without the unique id (an older browser) it may be any frame's context: the world is
    // then found gone when used.
    std::string unique_id = StringField(params, "executionContextUniqueId");
    if (!unique_id.empty()) Forget(unique_id);
  });
  // Sent when the main frame's document is replaced; the old document's contexts go with it.
  cleared_ = page_.On("Runtime.executionContextsCleared", [this](const Json&) {
    std::lock_guard<std::mutex> lock(mutex_);
    current_.clear();
  });
  end_ = page_.connection().OnEnd(page_.session_id(), [this](const Error& why) {
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = why;
    changed_.notify_all();
  });
}

Connection::Command IsolatedWorld::AddScript(const std::string& script) const {
  return {"Page.addScriptToEvaluateOnNewDocument",
          {{"source", script}, {"worldName", name_}, {"runImmediately", true}}};
}

Connection::Command IsolatedWorld::AddBinding(const std::string& name) const {
  return {"Runtime.addBinding", {{"name", name}, {"executionContextName", name_}}};
}

void IsolatedWorld::Created(const Json& params) {
  const Json& context = ObjectField(params, "context");
  const Json& aux = ObjectField(context, "auxData");
  // Frames other than the main one get a world of this name too (the script runs in them).
  if (StringField(context, "name") != name_ || StringField(aux, "frameId") != page_.target_id()) {
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  current_ = StringField(context, "uniqueId");
  changed_.notify_all();
}

void IsolatedWorld::Forget(const std::string& unique_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (unique_id == current_) current_.clear();
}

Json IsolatedWorld::Evaluate(const std::string& expression, Milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::string world;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait_until(lock, deadline, [&] { return !current_.empty() || ended_; });
      if (ended_) throw *ended_;
      if (current_.empty()) {
        throw Error(ErrorKind::kTimeout, "the page's document made no '" + name_ + "' world in " +
                                             std::to_string(timeout.count()) + " ms");
      }
      world = current_;
    }
    auto left =
        std::chrono::duration_cast<Milliseconds>(deadline - std::chrono::steady_clock::now());
    try {
      return page_.Evaluate(expression, std::max(left, Milliseconds(1)), world);
    } catch (const ProtocolError& e) {
      // The document was replaced since `world` was read: its successor's world is coming.
      if (e.protocol_message() != kWorldGone) throw;
      Forget(world);
    }
  }
}

}  // namespace cdp
