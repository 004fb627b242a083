#include "cdp/browser.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "cdp/json_fields.h"
#include "cdp/page.h"
#include "cdp/process.h"
#include "cdp/temp_dir.h"

namespace cdp {

namespace {

// Debian's old headless shell first (package chromium-headless-shell): the same Chromium build
// without the desktop browser's per-profile services and window, which every fresh context
// paid for (quick tier on 2 cores: CPU 3.35 -> 2.37 s, wall 2.31 -> 1.76 s). Else the full
// browser, the last entry, also named by the error when neither is installed.
const char* const kDefaultChromiums[] = {
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/lib/chromium/chromium",
};
constexpr size_t kQuotedOutputBytes = 2000;

// Flags that work as root, headless, on a machine with no route to the internet. Never
// --disable-crashpad-for-testing: the network service then crash-loops and every http
// navigation fails with ERR_ABORTED.
const char* const kDefaultFlags[] = {
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--disable-back-forward-cache",
    "--disable-hang-monitor",
    "--disable-ipc-flooding-protection",
    "--disable-breakpad",
    "--password-store=basic",
    "--use-mock-keychain",
    "--force-color-profile=srgb",
    "--metrics-recording-only",
    "--mute-audio",
    // The headless shell ignores --log-level, and logs every dbus and GPU warning, unless
    // logging is also named explicitly; errors quote the browser's output, so keep it quiet.
    "--enable-logging=stderr",
    "--log-level=3",
    // No first tab: every page is made over CDP in a context of its own, and an unused tab's
    // renderer only slows the launch (~0.3 s of the quick tier).
    "--no-startup-window",
};

// Chromium keeps only the last --disable-features on its command line, so every feature to
// disable goes in this one list:
// - The full browser, headless, still builds a window's UI for the first page of every new context,
//   and that UI includes WebUI omnibox popups with a renderer process of their own: about
//   0.3 s of CPU per fresh context, more than the page a journey opens (quick tier on 2
//   cores: 3.4 -> 2.3 s).
// - The spare renderer Chromium keeps warm belongs to the context of the page that made it,
//   and every journey gets a fresh context: one unused renderer per journey (quick tier on 2
//   cores: CPU 3.5 -> 3.3 s, wall -4%; traffic mode +7% journeys per minute; no change
//   with --warm-cache, where the next page could have used it).
const char* const kDisabledFeatures[] = {
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
    "WebUIOmniboxFullPopup",
    "SpareRendererForSitePerProcess",
};

// $CUJO_CHROMIUM, or "" when unset.
std::string ChromiumFromEnv() {
  const char* value = std::getenv("CUJO_CHROMIUM");
  return value == nullptr ? "" : value;
}

std::string ResolveExecutable(const std::string& requested) {
  if (!requested.empty()) return requested;
  std::string from_env = ChromiumFromEnv();
  if (!from_env.empty()) return from_env;
  for (const char* candidate : kDefaultChromiums) {
    if (access(candidate, X_OK) == 0) return candidate;
  }
  return std::end(kDefaultChromiums)[-1];
}

// The end of the browser's output, cut at a line start, for error messages.
std::string QuoteOutput(const std::string& output) {
  std::string tail = output;
  if (tail.size() > kQuotedOutputBytes) {
    tail = tail.substr(tail.size() - kQuotedOutputBytes);
    size_t newline = tail.find('\n');
    if (newline != std::string::npos) tail = tail.substr(newline + 1);
  }
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.pop_back();
  return tail.empty() ? "browser output: (none)" : "browser output:\n" + tail;
}

int PortOfWebSocketUrl(const std::string& url) {
  // ws://127.0.0.1:PORT/devtools/browser/ID
  size_t host = url.find("://");
  size_t colon = url.find(':', host == std::string::npos ? 0 : host + 3);
  if (colon == std::string::npos) return 0;
  return std::atoi(url.c_str() + colon + 1);
}

}  // namespace

struct Browser::Impl {
  // Destroyed in reverse order: the connection (whose disconnect message asks the process)
  // before the process, the profile directory last.
  std::optional<TempDir> root;
  std::unique_ptr<ChildProcess> process;
  std::unique_ptr<Connection> connection;
  std::string product;
  std::string executable;
  int debug_port = 0;
  std::mutex close_mutex;
  bool closed = false;

  ~Impl() { Shutdown(); }

  std::string DescribeProcess() {
    if (!process) return {};
    auto status = process->WaitForExit(Milliseconds(500));
    // Its last words may still be in the pipe (bounded: crash handlers can hold it open).
    if (status) process->WaitForOutputEnd(Milliseconds(200));
    return "chromium (pid " + std::to_string(process->pid()) + ") " +
           (status ? status->Describe() : "still running") + "; " +
           QuoteOutput(process->OutputTail());
  }

  void Connect(std::unique_ptr<Transport> transport, Milliseconds call_timeout) {
    Connection::Options options;
    options.default_timeout = call_timeout;
    if (process) options.disconnect_detail = [this] { return DescribeProcess(); };
    connection = std::make_unique<Connection>(std::move(transport), std::move(options));
  }

  void Handshake(Milliseconds timeout) {
    product =
        StringField(connection->Call("Browser.getVersion", Json::object(), "", timeout), "product");
    // Target.targetCrashed arrives only with target discovery on.
    connection->Call("Target.setDiscoverTargets", {{"discover", true}});
  }

  // Chromium reaps its own children when asked to close: what a kill would leave to PID 1
  // otherwise. The profile is thrown away, so the exit gets only a short wait; teardown time
  // is on the critical path of every verdict.
  void CloseGracefully() {
    if (connection && !connection->closed()) {
      try {
        connection->Call("Browser.close", Json::object(), "", Milliseconds(2000));
      } catch (const Error& e) {
        // Chromium often exits before it answers; the exit status below is what matters.
        spdlog::debug("Browser.close: {}", e.what());
      }
    }
    if (!process->WaitForExit(Milliseconds(200))) {
      process->SignalGroup(SIGTERM);
      process->WaitForExit(Milliseconds(100));
    }
  }

  void Shutdown() {
    std::lock_guard<std::mutex> lock(close_mutex);
    if (closed) return;
    closed = true;
    if (!process) {
      if (connection) connection->Close();
      return;
    }
    if (AdoptsOrphans()) {
      // Killing the group at once leaves no zombie: Terminate reaps what this process adopts.
      if (connection) connection->Close();
    } else {
      CloseGracefully();
    }
    process->Terminate();
    if (connection) connection->Close();
    if (root) {
      // Crashpad's handlers left the group (setsid); nothing of theirs is worth waiting for.
      KillProcessesReferencing(root->path(), Milliseconds(0));
      root->Remove();
    }
  }
};

Browser::Browser(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Browser::~Browser() = default;

std::unique_ptr<Browser> Browser::Launch(const LaunchOptions& options) {
  auto impl = std::make_unique<Impl>();
  // A full or unwritable $TMPDIR is a launch failure like any other, for the caller to report.
  try {
    impl->root.emplace("cujo-browser-");
    for (const char* dir : {"/profile", "/config", "/cache"}) {
      std::filesystem::create_directory(impl->root->path() + dir);
    }
  } catch (const std::system_error& e) {
    throw Error(ErrorKind::kLaunch,
                std::string("no directory for the browser's profile: ") + e.what());
  }
  const std::string root = impl->root->path();

  ProcessSpec spec;
  spec.executable = ResolveExecutable(options.executable);
  impl->executable = spec.executable;
  spec.args.assign(std::begin(kDefaultFlags), std::end(kDefaultFlags));
  std::string disabled = "--disable-features=";
  for (const char* feature : kDisabledFeatures) {
    disabled += feature;
    disabled += ',';
  }
  disabled.pop_back();
  spec.args.push_back(disabled);
  spec.args.push_back("--user-data-dir=" + root + "/profile");
  bool want_port = options.use_websocket || options.debug_port;
  if (want_port) spec.args.push_back("--remote-debugging-port=0");
  if (!options.use_websocket) spec.args.push_back("--remote-debugging-pipe");
  spec.args.insert(spec.args.end(), options.extra_args.begin(), options.extra_args.end());
  // Crashpad keeps its database under XDG_CONFIG_HOME, whatever --user-data-dir says.
  spec.env = {{"XDG_CONFIG_HOME", root + "/config"}, {"XDG_CACHE_HOME", root + "/cache"}};
  spec.cdp_pipe = !options.use_websocket;

  impl->process = ChildProcess::Spawn(spec);
  auto launch_error = [&](const std::string& what) {
    return Error(ErrorKind::kLaunch,
                 "chromium (" + spec.executable + ") " + what + "; " + impl->DescribeProcess());
  };
  try {
    std::unique_ptr<Transport> transport;
    if (want_port) {
      auto line =
          impl->process->WaitForOutputLine("DevTools listening on ws://", options.launch_timeout);
      if (!line) throw launch_error("did not open its debugging port");
      std::string ws_url = line->substr(line->find("ws://"));
      while (!ws_url.empty() && (ws_url.back() == '\r' || ws_url.back() == ' ')) {
        ws_url.pop_back();
      }
      impl->debug_port = PortOfWebSocketUrl(ws_url);
      if (options.use_websocket) transport = ConnectWebSocket(ws_url, options.launch_timeout);
    }
    if (!transport) {
      transport =
          MakePipeTransport(impl->process->ReleaseCdpWriteFd(), impl->process->ReleaseCdpReadFd());
    }
    impl->Connect(std::move(transport), options.call_timeout);
    impl->Handshake(options.launch_timeout);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kLaunch) throw;
    throw launch_error(std::string("did not become ready: ") + e.what());
  }
  spdlog::debug("launched {} (pid {})", impl->product, impl->process->pid());
  return std::unique_ptr<Browser>(new Browser(std::move(impl)));
}

std::unique_ptr<Browser> Browser::Connect(const std::string& endpoint,
                                          const ConnectOptions& options) {
  auto impl = std::make_unique<Impl>();
  std::string ws_url = ResolveBrowserWebSocketUrl(endpoint, options.connect_timeout);
  impl->Connect(ConnectWebSocket(ws_url, options.connect_timeout), options.call_timeout);
  try {
    impl->Handshake(options.connect_timeout);
  } catch (const Error& e) {
    throw Error(ErrorKind::kDisconnected,
                "browser at " + endpoint + " did not answer: " + std::string(e.what()));
  }
  return std::unique_ptr<Browser>(new Browser(std::move(impl)));
}

std::string BrowserExecutableProblem(const std::string& executable) {
  const std::string path = ResolveExecutable(executable);
  if (access(path.c_str(), X_OK) == 0) return "";
  std::string why = "cannot execute " + path + ": " + std::strerror(errno);
  if (!executable.empty()) return why;
  if (!ChromiumFromEnv().empty()) return "CUJO_CHROMIUM: " + why;
  return std::string("no Chromium installed: neither ") + kDefaultChromiums[0] + " nor " + path +
         " can be executed (Debian's chromium-headless-shell or chromium package)";
}

Connection& Browser::connection() { return *impl_->connection; }
const std::string& Browser::product() const { return impl_->product; }
const std::string& Browser::executable() const { return impl_->executable; }
int Browser::debug_port() const { return impl_->debug_port; }
std::string Browser::scratch_dir() const { return impl_->root ? impl_->root->path() : ""; }

std::optional<pid_t> Browser::pid() const {
  if (!impl_->process) return std::nullopt;
  return impl_->process->pid();
}

void Browser::Close() { impl_->Shutdown(); }

std::unique_ptr<BrowserContext> Browser::NewContext() {
  Json reply = impl_->connection->Call("Target.createBrowserContext", {{"disposeOnDetach", true}});
  return std::make_unique<BrowserContext>(*impl_->connection,
                                          StringField(reply, "browserContextId"));
}

BrowserContext::BrowserContext(Connection& connection, std::string id)
    : connection_(connection), id_(std::move(id)) {}

BrowserContext::~BrowserContext() {
  try {
    if (!leave_open_ && !connection_.closed()) {
      connection_.Call("Target.disposeBrowserContext", {{"browserContextId", id_}}, "",
                       Milliseconds(10000));
    }
  } catch (const Error& e) {
    spdlog::debug("disposing browser context {}: {}", id_, e.what());
  }
}

std::unique_ptr<Page> BrowserContext::NewPage(const Viewport& viewport) {
  Json created =
      connection_.Call("Target.createTarget", {{"url", "about:blank"}, {"browserContextId", id_}});
  std::string target_id = StringField(created, "targetId");
  std::string session_id;
  try {
    Json attached =
        connection_.Call("Target.attachToTarget", {{"targetId", target_id}, {"flatten", true}});
    session_id = StringField(attached, "sessionId");
  } catch (const Error&) {
    connection_.Call("Target.closeTarget", {{"targetId", target_id}}, "", Milliseconds(5000));
    throw;
  }
  // From here the Page owns the target and closes it if the set-up below fails.
  auto page = std::make_unique<Page>(connection_, target_id, session_id);
  // One round trip for all: the page's first commands wait on its renderer starting. Awaited
  // before anything navigates: sending the first navigation meanwhile overlapped the renderer's
  // start (quick tier -5%), but the emulation could then miss the new document (scrollbars
  // back in full-page captures, in most runs of the browser test).
  // Every domain whose events a caller may record is on from the start (Log replays nothing
  // it missed: about:blank logs nothing).
  // Scrollbars would eat into full-page captures and make visual baselines depend on them.
  page->CallAll({{"Page.enable"},
                 {"Page.setLifecycleEventsEnabled", {{"enabled", true}}},
                 {"Runtime.enable"},
                 {"Network.enable"},
                 {"Inspector.enable"},
                 {"Log.enable"},
                 {"Emulation.setScrollbarsHidden", {{"hidden", true}}},
                 {"Emulation.setDeviceMetricsOverride",
                  {{"width", viewport.width},
                   {"height", viewport.height},
                   {"deviceScaleFactor", viewport.device_scale_factor},
                   {"mobile", viewport.mobile}}}});
  return page;
}

}  // namespace cdp
