// The protocol client against real Chromium, over both transports: what cujo relies on when a
// browser behaves, and when it dies.
#include "cdp/browser.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

// glibc 2.36's <sys/pidfd.h> lacks extern "C", so C++ callers see mangled names.
extern "C" {
#include <sys/pidfd.h>
}

#include <dirent.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <optional>
#include <regex>

#include "cdp/isolated_world.h"
#include "cdp/page.h"
#include "cdp/process.h"
#include "cdp/temp_dir.h"
#include "tests/cdp/local_http_server.h"
#include "tests/cdp/test_support.h"

namespace {

using cdp::ErrorKind;
using cdp::Json;
using cujo_test::CaptureError;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr char kPage[] =
    "<!doctype html><title>cujo test page</title>"
    "<body style='margin:0;background:#3366cc'><h1 id=h>Hello</h1>"
    "<div style='height:3000px'>tall</div></body>";

// A page whose scripts replace a built-in and define a global of the name a world uses.
constexpr char kPageWithGlobals[] =
    "<!doctype html><h1 id=h>Own</h1>"
    "<script>var whoami = 'page'; Array.from = () => 'replaced';</script>";

// Every process whose command line mentions `path`.
std::vector<pid_t> ProcessesReferencing(const std::string& path) {
  std::vector<pid_t> found;
  DIR* proc = opendir("/proc");
  while (dirent* entry = readdir(proc)) {
    if (!isdigit(static_cast<unsigned char>(entry->d_name[0]))) continue;
    std::ifstream in(std::string("/proc/") + entry->d_name + "/cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(path) != std::string::npos) found.push_back(std::stoi(entry->d_name));
  }
  closedir(proc);
  return found;
}

// Waits for each process to exit (pidfd readiness, not sleeps); returns the ones still alive.
std::vector<pid_t> WaitForExit(const std::vector<pid_t>& pids, milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  std::vector<pid_t> alive;
  for (pid_t pid : pids) {
    int fd = pidfd_open(pid, 0);
    if (fd < 0) continue;  // already gone
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::max<int64_t>(left, 0))) == 0) alive.push_back(pid);
    close(fd);
  }
  return alive;
}

bool IsPng(const std::string& bytes, uint32_t* width, uint32_t* height) {
  if (bytes.size() < 24 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return false;
  auto be32 = [&](size_t at) {
    return (uint32_t(uint8_t(bytes[at])) << 24) | (uint32_t(uint8_t(bytes[at + 1])) << 16) |
           (uint32_t(uint8_t(bytes[at + 2])) << 8) | uint32_t(uint8_t(bytes[at + 3]));
  };
  *width = be32(16);
  *height = be32(20);
  return true;
}

enum class Via { kPipe, kWebSocket };

// Both browsers cujo may launch by default (ci/install-deps.sh installs both).
constexpr char kHeadlessShell[] = "/usr/lib/chromium/chromium-headless-shell";
constexpr char kFullChromium[] = "/usr/lib/chromium/chromium";

struct BrowserCase {
  Via via;
  const char* executable;
};

void PrintTo(const BrowserCase& c, std::ostream* out) {
  *out << (c.via == Via::kPipe ? "pipe, " : "websocket, ") << c.executable;
}

class BrowserTest : public ::testing::TestWithParam<BrowserCase> {
 protected:
  void SetUp() override {
    cdp::LaunchOptions options;
    options.use_websocket = GetParam().via == Via::kWebSocket;
    options.executable = GetParam().executable;
    browser_ = cdp::Browser::Launch(options);
  }
  void TearDown() override {
    if (browser_) browser_->Close();
  }

  cujo_test::LocalHttpServer server_{{{"/", {200, "text/html", kPage}},
                                      {"/missing", {404, "text/html", "<h1>gone</h1>"}},
                                      {"/empty500", {500, "text/html", ""}},
                                      {"/own-globals", {200, "text/html", kPageWithGlobals}}}};
  std::unique_ptr<cdp::Browser> browser_;
};

TEST_P(BrowserTest, NavigatesEvaluatesAndScreenshotsALocalPage) {
  EXPECT_NE(browser_->product().find("Chrome/"), std::string::npos) << browser_->product();
  auto context = browser_->NewContext();
  auto page = context->NewPage({800, 600});
  cdp::NavigationResult nav = page->Navigate(server_.Url("/"));
  EXPECT_EQ(nav.status, 200);
  EXPECT_EQ(nav.url, server_.Url("/"));
  EXPECT_FALSE(nav.loader_id.empty());
  EXPECT_EQ(page->Evaluate("document.title"), "cujo test page");
  EXPECT_EQ(page->Evaluate("document.querySelector('#h').textContent"), "Hello");
  EXPECT_EQ(page->Evaluate("Promise.resolve(6 * 7)"), 42);
  EXPECT_EQ(page->Evaluate("undefined"), Json());

  uint32_t width = 0, height = 0;
  ASSERT_TRUE(IsPng(page->Screenshot(), &width, &height));
  EXPECT_EQ(width, 800u);
  EXPECT_EQ(height, 600u);
  ASSERT_TRUE(IsPng(page->Screenshot({/*full_page=*/true, {}}), &width, &height));
  EXPECT_EQ(width, 800u);
  EXPECT_GT(height, 3000u);
}

TEST_P(BrowserTest, HttpErrorStatusIsAResultNotAnError) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  EXPECT_EQ(page->Navigate(server_.Url("/missing")).status, 404);
  cdp::NavigationResult empty = page->Navigate(server_.Url("/empty500"));
  EXPECT_EQ(empty.status, 500);
}

TEST_P(BrowserTest, NetworkFailureNamesTheNetError) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  int closed_port;
  {
    cujo_test::LocalHttpServer gone({});
    closed_port = gone.port();
  }
  cdp::Error error = CaptureError(
      [&] { page->Navigate("http://127.0.0.1:" + std::to_string(closed_port) + "/"); });
  EXPECT_EQ(error.kind(), ErrorKind::kNavigation);
  EXPECT_NE(std::string(error.what()).find("net::ERR_CONNECTION_REFUSED"), std::string::npos)
      << error.what();
}

TEST_P(BrowserTest, PageExceptionSurfacesItsMessage) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  cdp::Error error = CaptureError([&] { page->Evaluate("throw new TypeError('boom here')"); });
  EXPECT_EQ(error.kind(), ErrorKind::kEvaluation);
  EXPECT_NE(std::string(error.what()).find("TypeError: boom here"), std::string::npos)
      << error.what();
}

// The world's script runs at once in the current document and again at the start of each new
// one; the world shares the page's DOM but neither its globals nor its changes to built-ins.
TEST_P(BrowserTest, AnIsolatedWorldKeepsItsGlobalsApartInEveryDocument) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  cdp::IsolatedWorld world(*page, "cujo-test");
  page->CallAll({world.AddScript(
      "globalThis.runs = (globalThis.runs || 0) + 1; globalThis.whoami = 'world';")});
  const std::chrono::seconds timeout(10);
  EXPECT_EQ(world.Evaluate("[runs, whoami]", timeout), Json::array({1, "world"}));

  page->Navigate(server_.Url("/own-globals"));
  EXPECT_EQ(world.Evaluate("[runs, whoami, Array.from('ab')]", timeout),
            Json::array({1, "world", Json::array({"a", "b"})}));
  EXPECT_EQ(world.Evaluate("document.getElementById('h').textContent", timeout), "Own");
  EXPECT_EQ(page->Evaluate("[typeof runs, whoami, Array.from('ab')]"),
            Json::array({"undefined", "page", "replaced"}));

  page->Navigate(server_.Url("/"));
  EXPECT_EQ(world.Evaluate("[runs, document.title]", timeout), Json::array({1, "cujo test page"}));
}

TEST_P(BrowserTest, ContextsIsolateCookies) {
  auto first = browser_->NewContext();
  auto second = browser_->NewContext();
  auto a = first->NewPage();
  auto b = second->NewPage();
  a->Navigate(server_.Url("/"));
  b->Navigate(server_.Url("/"));
  a->Evaluate("document.cookie = 'who=a'");
  EXPECT_EQ(a->Evaluate("document.cookie"), "who=a");
  EXPECT_EQ(b->Evaluate("document.cookie"), "");
}

bool HasTarget(cdp::Browser& browser, const std::string& target_id) {
  Json all = browser.connection().Call("Target.getTargets");
  for (const auto& target : all.at("targetInfos")) {
    if (target.at("targetId") == target_id) return true;
  }
  return false;
}

// What the scheduler does with the last journeys' pages when the browser closes next: no round
// trip, the browser keeps them. Without LeaveOpen, disposing of the context closes its page.
TEST_P(BrowserTest, APageAndContextLeftOpenStayInTheBrowser) {
  std::string left_open;
  std::string disposed;
  {
    auto kept = browser_->NewContext();
    auto kept_page = kept->NewPage();
    left_open = kept_page->target_id();
    kept_page->LeaveOpen();
    kept->LeaveOpen();
    auto gone = browser_->NewContext();
    disposed = gone->NewPage()->target_id();
  }
  EXPECT_TRUE(HasTarget(*browser_, left_open));
  EXPECT_FALSE(HasTarget(*browser_, disposed));
}

// A fresh context's first page opens a window; its browser UI must not bring renderers of its
// own (the omnibox popups did: more CPU per journey than the page). Chromium lists such UI as
// "browser_ui" targets; a renamed feature would bring them back, and this test would say so.
TEST_P(BrowserTest, FreshPageBringsNoBrowserUiRenderers) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  page->Navigate(server_.Url("/"));
  Json all =
      browser_->connection().Call("Target.getTargets", {{"filter", Json::array({Json::object()})}});
  std::vector<std::string> ui;
  for (const auto& target : all.at("targetInfos")) {
    if (target.at("type") == "browser_ui") ui.push_back(target.at("url").get<std::string>());
  }
  EXPECT_TRUE(ui.empty()) << "browser UI targets: " << ::testing::PrintToString(ui);
}

// One renderer per page: Chromium would keep a spare renderer warm for the page's context, which
// no later page can use (every journey gets a fresh context), so each journey would pay for a
// renderer it never uses. Chromium starts the spare as the page's navigation commits.
TEST_P(BrowserTest, FreshPageStartsNoSpareRenderer) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  page->Navigate(server_.Url("/"));
  Json processes = browser_->connection().Call("SystemInfo.getProcessInfo");
  int renderers = 0;
  for (const auto& process : processes.at("processInfo")) {
    if (process.at("type") == "renderer") ++renderers;
  }
  EXPECT_EQ(renderers, 1) << processes.dump();
}

TEST_P(BrowserTest, SigkillDuringAPendingCallFailsItWithinASecond) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  auto pending = std::async(std::launch::async, [&] {
    return CaptureError([&] { page->Evaluate("new Promise(() => {})", milliseconds(30000)); });
  });
  // The call is in flight once the browser would have answered anything sent before it.
  browser_->connection().Call("Browser.getVersion");
  auto killed = Clock::now();
  ASSERT_EQ(kill(*browser_->pid(), SIGKILL), 0);
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(1)), std::future_status::ready);
  EXPECT_LT(Clock::now() - killed, milliseconds(1000));
  cdp::Error error = pending.get();
  EXPECT_EQ(error.kind(), ErrorKind::kDisconnected);
  std::string message = error.what();
  EXPECT_NE(message.find("browser disconnected"), std::string::npos) << message;
  EXPECT_NE(message.find("killed by signal 9 (SIGKILL)"), std::string::npos) << message;
  // Chromium's own log lines ("[1125/180230.008303:ERROR:dbus/bus.cc:405] ...") would bury the
  // cause in every quoted error: a browser that was only killed has nothing to log.
  EXPECT_FALSE(std::regex_search(message, std::regex(":(INFO|WARNING|ERROR):"))) << message;
}

TEST_P(BrowserTest, CrashedPageFailsItsCallsWhileOthersWork) {
  auto context = browser_->NewContext();
  auto doomed = context->NewPage();
  auto survivor = context->NewPage();
  doomed->Navigate(server_.Url("/"));
  survivor->Navigate(server_.Url("/"));
  auto pending = std::async(std::launch::async, [&] {
    return CaptureError([&] { doomed->Evaluate("new Promise(() => {})", milliseconds(30000)); });
  });
  doomed->Call("Runtime.evaluate", {{"expression", "1"}});  // the evaluate above is in flight
  auto crashed = Clock::now();
  auto crash = std::async(std::launch::async, [&] {
    return CaptureError([&] { doomed->Call("Page.crash", Json::object(), milliseconds(30000)); });
  });
  cdp::Error error = pending.get();
  EXPECT_LT(Clock::now() - crashed, milliseconds(5000));
  EXPECT_EQ(error.kind(), ErrorKind::kPageCrashed) << error.what();
  EXPECT_NE(std::string(error.what()).find("page crashed: its renderer killed by signal"),
            std::string::npos)
      << error.what();
  EXPECT_EQ(crash.get().kind(), ErrorKind::kPageCrashed);
  EXPECT_EQ(survivor->Evaluate("document.title"), "cujo test page");
  auto fresh = context->NewPage();
  EXPECT_EQ(fresh->Navigate(server_.Url("/")).status, 200);
}

// What the host's OOM killer does to a tab: its renderer SIGKILLed from outside the browser.
// The page's calls fail at once, as for a crash, but the error says killed, not crashed: the
// gate must not blame the build for it.
TEST_P(BrowserTest, ARendererKilledFromOutsideIsToldFromACrash) {
  auto context = browser_->NewContext();
  auto page = context->NewPage();
  page->Navigate(server_.Url("/"));
  auto pending = std::async(std::launch::async, [&] {
    return CaptureError([&] { page->Evaluate("new Promise(() => {})", milliseconds(30000)); });
  });
  page->Call("Runtime.evaluate", {{"expression", "1"}});  // the evaluate above is in flight
  Json processes = browser_->connection().Call("SystemInfo.getProcessInfo");
  int killed = 0;
  for (const auto& process : processes.at("processInfo")) {
    if (process.at("type") != "renderer") continue;
    ASSERT_EQ(kill(process.at("id").get<pid_t>(), SIGKILL), 0);
    ++killed;
  }
  ASSERT_EQ(killed, 1) << processes.dump();
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  cdp::Error error = pending.get();
  EXPECT_EQ(error.kind(), ErrorKind::kRendererGone) << error.what();
  EXPECT_NE(std::string(error.what()).find("killed by signal 9 (SIGKILL) from outside the browser"),
            std::string::npos)
      << error.what();
  auto other_context = browser_->NewContext();
  EXPECT_EQ(other_context->NewPage()->Navigate(server_.Url("/")).status, 200);
}

INSTANTIATE_TEST_SUITE_P(TransportsAndBrowsers, BrowserTest,
                         ::testing::Values(BrowserCase{Via::kPipe, kHeadlessShell},
                                           BrowserCase{Via::kWebSocket, kHeadlessShell},
                                           BrowserCase{Via::kPipe, kFullChromium},
                                           BrowserCase{Via::kWebSocket, kFullChromium}),
                         [](const auto& info) {
                           std::string via = info.param.via == Via::kPipe ? "Pipe" : "WebSocket";
                           return via + (info.param.executable == kHeadlessShell ? "HeadlessShell"
                                                                                 : "FullChromium");
                         });

// Without --chromium or CUJO_CHROMIUM, cujo launches the headless shell when it is installed:
// the same build without the desktop browser's per-context cost.
TEST(BrowserLifecycle, DefaultBrowserIsTheHeadlessShell) {
  if (std::getenv("CUJO_CHROMIUM") != nullptr) GTEST_SKIP() << "CUJO_CHROMIUM names the browser";
  auto browser = cdp::Browser::Launch({});
  EXPECT_EQ(browser->executable(), kHeadlessShell);
  EXPECT_EQ(browser->product().rfind("HeadlessChrome/", 0), 0u) << browser->product();
}

// Launches, uses and closes a browser `cycles` times, checking that each close leaves nothing:
// no profile, no process of the browser's group (not even a zombie child), none using it.
void ExpectLaunchTeardownCyclesLeaveNothing(int cycles) {
  for (int cycle = 0; cycle < cycles; ++cycle) {
    auto browser = cdp::Browser::Launch({});
    std::string scratch = browser->scratch_dir();
    ASSERT_TRUE(std::filesystem::exists(scratch + "/profile"));
    pid_t pid = *browser->pid();
    {
      auto context = browser->NewContext();
      auto page = context->NewPage();
      page->Evaluate("1+1");
    }
    browser->Close();
    EXPECT_FALSE(std::filesystem::exists(scratch)) << "cycle " << cycle;
    EXPECT_NE(kill(pid, 0), 0) << "browser pid " << pid << " survived cycle " << cycle;
    EXPECT_TRUE(cujo_test::NoChildLeftInGroup(pid)) << "cycle " << cycle;
    EXPECT_EQ(ProcessesReferencing(scratch), std::vector<pid_t>{}) << "cycle " << cycle;
  }
}

TEST(BrowserLifecycle, TwentyLaunchTeardownCyclesLeaveNothingBehind) {
  ExpectLaunchTeardownCyclesLeaveNothing(20);
}

// cujo adopts its browsers' orphans (as PID 1 of a container does): closing a browser then
// leaves no process of its group behind, not even a zombie (two per browser closed stayed
// zombies of cujo). Such a browser is killed at once, without waiting for Chromium's own exit.
TEST(BrowserLifecycle, ABrowserOfAnAdoptingProcessIsKilledAndReapedWhole) {
  cujo_test::AdoptingOrphans adopting;
  ASSERT_TRUE(cdp::AdoptsOrphans());
  ExpectLaunchTeardownCyclesLeaveNothing(3);
}

TEST(BrowserLifecycle, MissingExecutableIsALaunchErrorNamingIt) {
  cdp::LaunchOptions options;
  options.executable = "/nonexistent/chromium";
  cdp::Error error = CaptureError([&] { cdp::Browser::Launch(options); });
  EXPECT_EQ(error.kind(), ErrorKind::kLaunch);
  EXPECT_NE(std::string(error.what()).find("/nonexistent/chromium"), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("No such file"), std::string::npos) << error.what();
}

// A full or unusable $TMPDIR fails the launch with an error the caller can report (it was an
// exception of another type, which ended cujo through std::terminate on a worker thread).
TEST(BrowserLifecycle, UnusableTmpdirIsALaunchError) {
  cdp::TempDir dir("cujo-test-");
  const std::string not_a_directory = dir.path() + "/file";
  std::ofstream(not_a_directory) << "x";
  const char* saved = getenv("TMPDIR");
  const std::string previous = saved ? saved : "";
  setenv("TMPDIR", not_a_directory.c_str(), 1);
  cdp::Error error = CaptureError([&] { cdp::Browser::Launch(cdp::LaunchOptions{}); });
  saved ? setenv("TMPDIR", previous.c_str(), 1) : unsetenv("TMPDIR");
  EXPECT_EQ(error.kind(), ErrorKind::kLaunch);
  EXPECT_NE(std::string(error.what()).find(not_a_directory), std::string::npos) << error.what();
}

TEST(BrowserLifecycle, BrowserThatExitsAtOnceReportsStatusAndOutput) {
  cdp::TempDir dir("cujo-test-");
  std::string fake = dir.path() + "/fake-chromium";
  std::ofstream(fake) << "#!/bin/sh\necho 'unknown flag, giving up' >&2\nexit 3\n";
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  cdp::LaunchOptions options;
  options.executable = fake;
  cdp::Error error = CaptureError([&] { cdp::Browser::Launch(options); });
  EXPECT_EQ(error.kind(), ErrorKind::kLaunch);
  std::string message = error.what();
  EXPECT_NE(message.find("exited with code 3"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown flag, giving up"), std::string::npos) << message;
}

TEST(BrowserLifecycle, BrowserThatNeverAnswersTimesOutAndIsKilled) {
  cdp::TempDir dir("cujo-test-");
  std::string fake = dir.path() + "/silent-chromium";
  std::ofstream(fake) << "#!/bin/sh\necho 'starting up' >&2\nexec sleep 60\n";
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  cdp::LaunchOptions options;
  options.executable = fake;
  options.launch_timeout = milliseconds(500);
  auto started = Clock::now();
  cdp::Error error = CaptureError([&] { cdp::Browser::Launch(options); });
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(error.kind(), ErrorKind::kLaunch);
  std::string message = error.what();
  EXPECT_NE(message.find("did not become ready"), std::string::npos) << message;
  EXPECT_NE(message.find("starting up"), std::string::npos) << message;
  EXPECT_EQ(ProcessesReferencing(fake), std::vector<pid_t>{});
}

// A stopped browser (SIGSTOP, a frozen cgroup) neither exits nor answers: asked, it is told
// gone, and closing it leaves nothing (a stopped process holds SIGTERM until it runs again).
TEST(BrowserLifecycle, AStoppedBrowserIsToldGoneAndClosedWithNothingLeft) {
  auto browser = cdp::Browser::Launch(cdp::LaunchOptions{});
  const std::string scratch = browser->scratch_dir();
  ASSERT_EQ(kill(*browser->pid(), SIGSTOP), 0);
  std::optional<cdp::Error> gone = browser->connection().CheckAnswering("the test stopped it");
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ(std::string(gone->what()),
            "the browser stopped answering (no answer to Browser.getVersion within 5000 ms, "
            "after the test stopped it)");
  EXPECT_TRUE(browser->connection().closed());
  browser->Close();
  EXPECT_EQ(ProcessesReferencing(scratch), std::vector<pid_t>{});
}

TEST(BrowserLifecycle, KilledLauncherTakesItsBrowserWithIt) {
  cdp::ProcessSpec spec;
  spec.executable = LAUNCH_AND_WAIT_PATH;
  auto launcher = cdp::ChildProcess::Spawn(spec);
  auto line = launcher->WaitForOutputLine("browser pid", std::chrono::seconds(30));
  ASSERT_TRUE(line) << launcher->OutputTail();
  pid_t browser_pid = 0;
  char scratch[512] = {};
  ASSERT_EQ(sscanf(line->c_str(), "browser pid %d scratch %511s", &browser_pid, scratch), 2);
  std::vector<pid_t> tree = ProcessesReferencing(scratch);
  ASSERT_FALSE(tree.empty());

  kill(launcher->pid(), SIGKILL);
  EXPECT_EQ(WaitForExit({browser_pid}, milliseconds(5000)), std::vector<pid_t>{});
  EXPECT_EQ(WaitForExit(tree, milliseconds(5000)), std::vector<pid_t>{});
  std::filesystem::remove_all(scratch);  // the killed launcher could not clean up
}

}  // namespace
