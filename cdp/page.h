// One page (tab) on a flattened CDP session, with the few helpers every caller needs:
// navigate-and-wait, evaluate, screenshot. Anything else goes through Call/On.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cdp/connection.h"

namespace cdp {

enum class LoadState { kCommit, kDomContentLoaded, kLoad, kNetworkIdle };

// The `name` of the Page.lifecycleEvent that marks `state`: "DOMContentLoaded", "load" or
// "networkIdle". kCommit has no event of its own (the navigation's reply marks it): "load".
const char* LifecycleEventName(LoadState state);

// Chromium reports a 4xx/5xx with an empty body this way, then shows its own error page: for
// cujo that is an HTTP status to record, not a network failure.
inline constexpr char kHttpStatusFailure[] = "net::ERR_HTTP_RESPONSE_CODE_FAILURE";

struct NavigationResult {
  std::string url;         // the final URL after redirects
  std::string loader_id;   // empty for a same-document navigation
  int status = 0;          // HTTP status of the main document, 0 if none was received
  std::string error_text;  // net::ERR_..., set when Chromium shows its own error page
};

struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
};

struct ScreenshotOptions {
  bool full_page = false;
  std::optional<Rect> clip;  // CSS pixels, page coordinates
};

class Page {
 public:
  Page(Connection& connection, std::string target_id, std::string session_id);
  // Closes the target (best effort: the browser may be gone), unless LeaveOpen() was called.
  ~Page();
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

  // The target stays when this object goes: for a caller about to close its browser or
  // context, to which closing the page first is only a round trip more.
  void LeaveOpen() { leave_open_ = true; }

  const std::string& target_id() const { return target_id_; }
  const std::string& session_id() const { return session_id_; }
  Connection& connection() { return connection_; }

  Json Call(const std::string& method, Json params = Json::object(),
            std::optional<Milliseconds> timeout = {});
  std::vector<Json> CallAll(std::vector<Connection::Command> commands,
                            std::optional<Milliseconds> timeout = {});
  [[nodiscard]] Subscription On(const std::string& method, Connection::EventHandler handler);

  // Navigates the main frame and waits for `until` of that navigation. An HTTP error status
  // is a result, not an error; a network failure (DNS, refused, reset) throws
  // Error(kNavigation) with Chromium's net error text, as does a timeout (kTimeout).
  NavigationResult Navigate(const std::string& url, LoadState until = LoadState::kLoad,
                            Milliseconds timeout = Milliseconds(30000));
  // Evaluates `expression` (awaiting a returned promise) and returns its value as JSON
  // (undefined -> null). A thrown exception becomes Error(kEvaluation) with its message.
  // In the page's own (main) world, or in the context of `unique_context_id` (IsolatedWorld).
  Json Evaluate(const std::string& expression, Milliseconds timeout = Milliseconds(30000),
                const std::string& unique_context_id = "");
  // Decoded PNG bytes.
  std::string Screenshot(const ScreenshotOptions& options = {},
                         Milliseconds timeout = Milliseconds(30000));

 private:
  Connection& connection_;
  std::string target_id_;
  std::string session_id_;
  bool leave_open_ = false;
};

}  // namespace cdp
