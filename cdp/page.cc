#include "cdp/page.h"

#include <spdlog/spdlog.h>

#include "cdp/base64.h"
#include "cdp/event_buffer.h"
#include "cdp/json_fields.h"

namespace cdp {

const char* LifecycleEventName(LoadState state) {
  switch (state) {
    case LoadState::kDomContentLoaded:
      return "DOMContentLoaded";
    case LoadState::kNetworkIdle:
      return "networkIdle";
    case LoadState::kCommit:
    case LoadState::kLoad:
      break;
  }
  return "load";
}

Page::Page(Connection& connection, std::string target_id, std::string session_id)
    : connection_(connection),
      target_id_(std::move(target_id)),
      session_id_(std::move(session_id)) {}

Page::~Page() {
  try {
    if (!leave_open_ && !connection_.closed()) {
      connection_.Call("Target.closeTarget", {{"targetId", target_id_}}, "", Milliseconds(5000));
    }
  } catch (const Error& e) {
    spdlog::debug("closing page {}: {}", target_id_, e.what());
  }
}

Json Page::Call(const std::string& method, Json params, std::optional<Milliseconds> timeout) {
  return connection_.Call(method, std::move(params), session_id_, timeout);
}

std::vector<Json> Page::CallAll(std::vector<Connection::Command> commands,
                                std::optional<Milliseconds> timeout) {
  return connection_.CallAll(std::move(commands), session_id_, timeout);
}

Subscription Page::On(const std::string& method, Connection::EventHandler handler) {
  return connection_.Subscribe(method, session_id_, std::move(handler));
}

NavigationResult Page::Navigate(const std::string& url, LoadState until, Milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  EventBuffer events(connection_, session_id_, {"Page.lifecycleEvent", "Network.responseReceived"});
  Json reply = Call("Page.navigate", {{"url", url}}, timeout);

  NavigationResult result;
  result.url = url;
  result.error_text = StringField(reply, "errorText");
  result.loader_id = StringField(reply, "loaderId");
  if (!result.error_text.empty() && result.error_text != kHttpStatusFailure) {
    throw Error(ErrorKind::kNavigation, "navigation to " + url + " failed: " + result.error_text);
  }
  if (result.loader_id.empty()) return result;  // same-document (fragment) navigation

  std::string frame_id = StringField(reply, "frameId");
  auto is_document_response = [&](const Event& event) {
    return event.method == "Network.responseReceived" &&
           StringField(event.params, "loaderId") == result.loader_id &&
           StringField(event.params, "type") == "Document";
  };
  if (until != LoadState::kCommit) {
    std::string name = LifecycleEventName(until);
    auto remaining =
        std::chrono::duration_cast<Milliseconds>(deadline - std::chrono::steady_clock::now());
    events.WaitFor(
        [&](const Event& event) {
          return event.method == "Page.lifecycleEvent" &&
                 StringField(event.params, "frameId") == frame_id &&
                 StringField(event.params, "loaderId") == result.loader_id &&
                 StringField(event.params, "name") == name;
        },
        std::max(remaining, Milliseconds(0)), "navigation to " + url + " reaching '" + name + "'");
  }
  if (auto response = events.Take(is_document_response)) {
    const Json& info = ObjectField(response->params, "response");
    result.status = static_cast<int>(NumberField(info, "status"));
    result.url = StringField(info, "url");
  }
  return result;
}

Json Page::Evaluate(const std::string& expression, Milliseconds timeout,
                    const std::string& unique_context_id) {
  Json params = {{"expression", expression},
                 {"returnByValue", true},
                 {"awaitPromise", true},
                 {"userGesture", true}};
  if (!unique_context_id.empty()) params["uniqueContextId"] = unique_context_id;
  Json reply = Call("Runtime.evaluate", std::move(params), timeout);
  auto exception = reply.find("exceptionDetails");
  if (exception != reply.end()) {
    std::string message = StringField(*exception, "text");
    auto thrown = exception->find("exception");
    if (thrown != exception->end()) {
      std::string description = StringField(*thrown, "description");
      if (description.empty() && thrown->is_object()) {
        description = thrown->value("value", Json()).dump();
      }
      message = description.substr(0, description.find("\n    at "));
    }
    throw Error(ErrorKind::kEvaluation, "JavaScript exception: " + message);
  }
  auto value = reply.find("result");
  if (value == reply.end() || !value->is_object()) {
    throw Error(ErrorKind::kMalformed, "Runtime.evaluate replied without a result object");
  }
  if (value->contains("unserializableValue")) return (*value)["unserializableValue"];
  return value->value("value", Json());
}

std::string Page::Screenshot(const ScreenshotOptions& options, Milliseconds timeout) {
  Json params = {{"format", "png"}};
  std::optional<Rect> clip = options.clip;
  if (options.full_page && !clip) {
    Json metrics = Call("Page.getLayoutMetrics", Json::object(), timeout);
    const Json& size = metrics["cssContentSize"];
    clip = Rect{0, 0, NumberField(size, "width"), NumberField(size, "height")};
    params["captureBeyondViewport"] = true;
  }
  if (clip) {
    params["clip"] = {{"x", clip->x},
                      {"y", clip->y},
                      {"width", clip->width},
                      {"height", clip->height},
                      {"scale", 1}};
  }
  Json reply = Call("Page.captureScreenshot", std::move(params), timeout);
  return Base64Decode(StringField(reply, "data"));
}

}  // namespace cdp
