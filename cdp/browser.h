// A Chromium instance: launched by cujo (pipe transport, owned process) or reached at an
// endpoint someone else runs (websocket). Owns the connection; hands out isolated browser
// contexts, which hand out pages.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cdp/connection.h"

namespace cdp {

class Page;

struct LaunchOptions {
  // Empty: $CUJO_CHROMIUM, else /usr/lib/chromium/chromium-headless-shell if installed, else
  // /usr/lib/chromium/chromium (not the /usr/bin wrappers: scripts that add their own flags).
  std::string executable;
  std::vector<std::string> extra_args;
  // Talk over a websocket on an ephemeral port instead of the pipe (to exercise that path
  // against a real browser). Either way `debug_port` adds a port a human can attach to.
  bool use_websocket = false;
  bool debug_port = false;
  Milliseconds launch_timeout{30000};
  Milliseconds call_timeout{30000};
};

struct ConnectOptions {
  Milliseconds connect_timeout{10000};
  Milliseconds call_timeout{30000};
};

struct Viewport {
  int width = 1280;
  int height = 900;
  double device_scale_factor = 1;
  bool mobile = false;
};

// Why Launch could not start the browser that `executable` names (empty: the default, as in
// LaunchOptions), or "" when it can: a wrong path is refused before a run, not met as a launch
// failure in the middle of one.
std::string BrowserExecutableProblem(const std::string& executable);

class BrowserContext;

class Browser {
 public:
  // Throws Error(kLaunch) with the cause and the browser's stderr tail.
  static std::unique_ptr<Browser> Launch(const LaunchOptions& options);
  // `endpoint`: ws://host:port/devtools/browser/ID or http://host:port. Throws
  // Error(kDisconnected) naming the endpoint and the cause.
  static std::unique_ptr<Browser> Connect(const std::string& endpoint,
                                          const ConnectOptions& options);
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  Connection& connection();
  // Browser.getVersion's `product`, e.g. "HeadlessChrome/156.0.8078.79".
  const std::string& product() const;
  // The binary launched (empty for a browser cujo connected to).
  const std::string& executable() const;
  // The browser process, when cujo launched it.
  std::optional<pid_t> pid() const;
  // The port a debugger can attach to (LaunchOptions::debug_port), else 0.
  int debug_port() const;
  // The directory holding the profile and crash database of a launched browser, else empty.
  // Removed by Close().
  std::string scratch_dir() const;

  std::unique_ptr<BrowserContext> NewContext();

  // Launched: Browser.close, a bounded wait, then SIGTERM and SIGKILL to the process group,
  // reap, remove the profile. Connected: only closes the connection. Idempotent.
  void Close();

 private:
  struct Impl;
  explicit Browser(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Target.createBrowserContext: cookies, storage and cache of its own. Disposed on destruction.
class BrowserContext {
 public:
  BrowserContext(Connection& connection, std::string id);
  // Disposes of the context and its pages, unless LeaveOpen() was called.
  ~BrowserContext();
  BrowserContext(const BrowserContext&) = delete;
  BrowserContext& operator=(const BrowserContext&) = delete;

  const std::string& id() const { return id_; }
  // The context stays when this object goes, until its browser closes or the connection ends
  // (contexts are made with disposeOnDetach): for a caller about to close the browser.
  void LeaveOpen() { leave_open_ = true; }
  // A blank page with the Page, Runtime, Network, Inspector and Log domains enabled and its
  // viewport set.
  std::unique_ptr<Page> NewPage(const Viewport& viewport = {});

 private:
  Connection& connection_;
  std::string id_;
  bool leave_open_ = false;
};

}  // namespace cdp
