// Scripts a caller runs in a page must neither be seen nor broken by the page's own: a page may
// replace built-ins (Array.from, getComputedStyle, requestAnimationFrame), define a global of
// the same name, or freeze what it can. An isolated world has globals of its own over the same
// DOM, as a browser extension's content scripts have. Chromium makes the world anew in each
// document; Runtime's context events tell which one is the main frame's current one.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "cdp/connection.h"
#include "cdp/page.h"

namespace cdp {

class IsolatedWorld {
 public:
  // Follows the world `name` of the page's main frame. The page must have Runtime enabled.
  IsolatedWorld(Page& page, std::string name);
  IsolatedWorld(const IsolatedWorld&) = delete;
  IsolatedWorld& operator=(const IsolatedWorld&) = delete;

  // The command that runs `script` in this world: at once in the current document, and at the
  // start of every later one. Send it (in one round trip with others) before Evaluate.
  Connection::Command AddScript(const std::string& script) const;

  // The command that gives this world's scripts a function `name(string)` that reaches the
  // caller as Runtime.bindingCalled events: what a page's script tells without being asked,
  // and without the page's own scripts seeing the function.
  Connection::Command AddBinding(const std::string& name) const;

  // As Page::Evaluate, in the world of the main frame's current document. A new document's
  // world is waited for up to `timeout` (then Error(kTimeout)); a page that ended throws why.
  Json Evaluate(const std::string& expression, Milliseconds timeout);

 private:
  void Created(const Json& params);
  void Forget(const std::string& unique_id);  // if it is the current world

  Page& page_;
  const std::string name_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string current_;         // the uniqueId of the current world, "" while none is known
  std::optional<Error> ended_;  // why the page can no longer answer
  // Last: they stop (and their handlers with them) before what the handlers touch goes.
  Subscription created_;
  Subscription destroyed_;
  Subscription cleared_;
  Subscription end_;
};

}  // namespace cdp
