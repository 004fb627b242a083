// `cujo run` end to end, as a deployment pipeline uses it: against the real wiki, through the
// fault proxy when a test needs to see or shape the traffic. Asserts behaviour (exit codes,
// results, what reached the server, no browser left), never speed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cdp/browser.h"
#include "tests/integration/cujo_process.h"
#include "tests/integration/fault_proxy_client.h"
#include "tests/integration/journey_fixture.h"

namespace {

using cujo_test::CujoProcess;
using cujo_test::CujoRun;
using cujo_test::ExpectNothingLeft;
using cujo_test::FaultProxyHolding;
using cujo_test::FaultProxyLog;
using cujo_test::FaultProxySaw;
using cujo_test::FaultProxyUrl;
using cujo_test::FaultRules;
using cujo_test::ReadRun;
using std::chrono::seconds;

TEST(CliRun, AllBundledJourneysPassOnTwoBrowsersTwoEach) {
  CujoRun run({"--browsers", "2", "--per-browser", "2"});
  int code = run.cujo.Wait();
  EXPECT_EQ(code, 0) << run.cujo.Output();
  auto result = ReadRun(run.out);
  EXPECT_EQ(result.summary.value("verdict", std::string()), "PROMOTE");
  std::set<std::string> browsers;
  for (const auto& journey : result.journeys) {
    ASSERT_FALSE(journey.attempts.empty()) << journey.name;
    EXPECT_EQ(journey.attempts.back().outcome, journeys::Outcome::kPassed) << journey.name;
    for (const auto& attempt : journey.attempts) browsers.insert(attempt.browser);
  }
  EXPECT_EQ(result.journeys.size(), cujo_test::BundledCatalog().journeys.size());
  EXPECT_EQ(browsers, (std::set<std::string>{"browser-1", "browser-2"}));
  ExpectNothingLeft(run.cujo);
  // The password was typed into the login form, and is written nowhere (labels keep the
  // ${secret.*} reference; anything expanded is masked).
  std::ifstream results(run.out + "/results.json");
  std::string text((std::istreambuf_iterator<char>(results)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find(cujo_test::Wiki().password), std::string::npos);
}

TEST(CliRun, RemoteBrowserEndpointIsUsedInsteadOfLaunching) {
  cdp::LaunchOptions options;
  options.debug_port = true;
  auto remote = cdp::Browser::Launch(options);
  std::string endpoint = "http://127.0.0.1:" + std::to_string(remote->debug_port());
  CujoRun run({"--grep", "^view-main-page$", "--browser-endpoint", endpoint});
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  EXPECT_TRUE(run.cujo.Leftovers().empty());
  // The remote browser is someone else's: still running, still answering.
  EXPECT_EQ(remote->connection().Call("Browser.getVersion").value("product", std::string()),
            remote->product());
}

TEST(CliRun, DeadlineConcludesBeforeTheCallerWouldKill) {
  FaultRules faults({"mode=stall&path=Quillfeather_Heron"});
  auto started = std::chrono::steady_clock::now();
  CujoRun run({"--grep", "^view-article$", "--deadline", "4s", "--step-timeout", "60s"},
              FaultProxyUrl());
  EXPECT_EQ(run.cujo.Wait(seconds(60)), 2) << run.cujo.Output();
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(20));
  auto result = ReadRun(run.out);
  EXPECT_EQ(result.run.interrupted, "--deadline reached");
  ExpectNothingLeft(run.cujo);
}

TEST(CliRun, ThreeShardsCoverEveryJourneyExactlyOnce) {
  std::multiset<std::string> seen;
  for (int shard = 1; shard <= 3; ++shard) {
    CujoRun run({"--list", "--shard", std::to_string(shard) + "/3"});
    EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
    std::istringstream lines(run.cujo.Output());
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find('\t') != std::string::npos) seen.insert(line.substr(0, line.find('\t')));
    }
  }
  std::multiset<std::string> all;
  for (const auto& journey : cujo_test::BundledCatalog().journeys) all.insert(journey.name);
  EXPECT_EQ(seen, all);
}

TEST(CliRun, ResolveAndHeaderReachTheServerUnderAMadeUpHostname) {
  FaultRules no_faults;
  std::string port = FaultProxyUrl().substr(FaultProxyUrl().rfind(':') + 1);
  std::string host = "canary.cujo.test";
  CujoRun run({"--grep", "^view-article$", "--resolve", host + ":" + port + ":127.0.0.1",
               "--header", "X-Wikimedia-Debug: backend=cujo-canary"},
              "http://" + host + ":" + port);
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  bool saw_document = false;
  const nlohmann::json log = FaultProxyLog();
  for (const auto& entry : log["entries"]) {
    if (entry.value("target", std::string()).rfind("/wiki/Quillfeather_Heron", 0) != 0) continue;
    saw_document = true;
    EXPECT_EQ(entry.value("host", std::string()), host + ":" + port);
    std::map<std::string, std::string> headers;
    for (const auto& header : entry["headers"]) {
      std::string name = header[0].get<std::string>();
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      headers[name] = header[1].get<std::string>();
    }
    EXPECT_EQ(headers["x-wikimedia-debug"], "backend=cujo-canary");
    EXPECT_NE(headers["user-agent"].find("cujo/"), std::string::npos) << headers["user-agent"];
  }
  EXPECT_TRUE(saw_document) << log.dump().substr(0, 2000);
  ExpectNothingLeft(run.cujo);
}

TEST(CliRun, BrowserKilledMidJourneyIsRetriedOnAFreshBrowser) {
  // The article takes 3 s to arrive the first time: the browser dies while it waits.
  FaultRules faults({"mode=slow&ms=3000&count=1&path=Quillfeather_Heron"});
  CujoRun run({"--grep", "^view-article$", "--browsers", "1"}, FaultProxyUrl());
  ASSERT_TRUE(FaultProxySaw("Quillfeather_Heron", std::chrono::seconds(30))) << run.cujo.Output();
  auto browsers = run.cujo.Browsers();
  ASSERT_EQ(browsers.size(), 1u);
  kill(browsers[0], SIGKILL);
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  auto result = ReadRun(run.out);
  ASSERT_EQ(result.journeys.size(), 1u);
  const auto& attempts = result.journeys[0].attempts;
  ASSERT_EQ(attempts.size(), 2u) << run.cujo.Output();
  ASSERT_TRUE(attempts[0].error.has_value());
  EXPECT_EQ(attempts[0].error->kind, "browser");
  EXPECT_NE(attempts[0].error->message.find("killed by signal 9"), std::string::npos)
      << attempts[0].error->message;
  EXPECT_EQ(attempts[1].outcome, journeys::Outcome::kPassed);
  EXPECT_EQ(result.summary["journeys"][0].value("status", std::string()), "flaky");
  ExpectNothingLeft(run.cujo);
}

TEST(CliRun, SigtermWritesFinishedResultsClosesBrowsersAndExits2) {
  FaultRules faults({"mode=slow&ms=20000&path=Quillfeather_Heron"});
  // Both at once: the main page finishes while the article is stuck at the proxy.
  CujoRun run({"--grep", "^(view-main-page|view-article)$", "--per-browser", "2"}, FaultProxyUrl());
  ASSERT_TRUE(FaultProxySaw("Quillfeather_Heron", std::chrono::seconds(30))) << run.cujo.Output();
  ASSERT_TRUE(run.cujo.WaitForOutput("PASS view-main-page", seconds(30))) << run.cujo.Output();
  auto signalled = std::chrono::steady_clock::now();
  // Someone else's SIGUSR2 first: it once ended the thread that takes the stop signals, and
  // the SIGTERM after it was never seen.
  kill(run.cujo.pid(), SIGUSR2);
  kill(run.cujo.pid(), SIGTERM);
  EXPECT_EQ(run.cujo.Wait(seconds(30)), 2) << run.cujo.Output();
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, seconds(15));
  auto result = ReadRun(run.out);
  EXPECT_EQ(result.run.interrupted, "SIGTERM received");
  EXPECT_EQ(result.summary.value("verdict", std::string()), "INCONCLUSIVE");
  for (const auto& journey : result.journeys) {
    if (journey.name == "view-main-page") {
      ASSERT_FALSE(journey.attempts.empty());
      EXPECT_EQ(journey.attempts.back().outcome, journeys::Outcome::kPassed);
    }
  }
  ExpectNothingLeft(run.cujo);
}

// A stop signal while the target's first answer is awaited (cujo's probe, the one HEAD
// request of a run) ends the run as stopped, not as an unreachable target once the probe's
// 10 s are over.
TEST(CliRun, SigtermWhileTheTargetKeepsItsAnswerStopsTheRunAtOnce) {
  FaultRules faults({"mode=slow&ms=30000&method=HEAD"});
  CujoRun run({"--grep", "^view-article$"}, FaultProxyUrl());
  ASSERT_TRUE(FaultProxyHolding(seconds(30))) << run.cujo.Output();
  kill(run.cujo.pid(), SIGTERM);
  EXPECT_EQ(run.cujo.Wait(seconds(30)), 2) << run.cujo.Output();
  auto result = ReadRun(run.out);
  EXPECT_EQ(result.run.interrupted, "SIGTERM received");
  EXPECT_EQ(result.summary.value("verdict", std::string()), "INCONCLUSIVE");
  ExpectNothingLeft(run.cujo);
}

// --max-failures stops a run because the build is failing: its failures stand (ROLLBACK), and
// results.json says why the journeys it did not start never ran.
TEST(CliRun, MaxFailuresStopsTheRunAsARollback) {
  FaultRules faults({"mode=status&status=500&path=^/wiki/"});
  CujoRun run({"--tier", "quick", "--max-failures", "1"}, FaultProxyUrl());
  EXPECT_EQ(run.cujo.Wait(), 1) << run.cujo.Output();
  auto result = ReadRun(run.out);
  EXPECT_EQ(result.run.interrupted, "--max-failures 1 reached");
  EXPECT_TRUE(result.run.stopped_for_failures);
  EXPECT_EQ(result.summary.value("verdict", std::string()), "ROLLBACK");
  size_t not_run = 0;
  for (const auto& journey : result.journeys) not_run += journey.attempts.empty() ? 1 : 0;
  EXPECT_GT(not_run, 0u) << run.cujo.Output();
  ExpectNothingLeft(run.cujo);
}

TEST(CliRun, TargetDownIsInconclusiveAtOnce) {
  int closed_port = cujo_test::UnusedLoopbackPort();
  auto started = std::chrono::steady_clock::now();
  CujoRun run({}, "http://127.0.0.1:" + std::to_string(closed_port));
  EXPECT_EQ(run.cujo.Wait(), 2) << run.cujo.Output();
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(10));
  auto result = ReadRun(run.out);
  EXPECT_NE(result.run.interrupted.find("target unreachable"), std::string::npos);
  EXPECT_NE(result.run.interrupted.find("Connection refused"), std::string::npos)
      << result.run.interrupted;
  for (const auto& journey : result.journeys) EXPECT_TRUE(journey.attempts.empty());
  EXPECT_NE(run.cujo.Output().find("INCONCLUSIVE"), std::string::npos);
  // The browser started while the target was asked is closed.
  ExpectNothingLeft(run.cujo);
}

TEST(CliRun, DurationRepeatsJourneysAndRecordsEveryAttempt) {
  auto started = std::chrono::steady_clock::now();
  CujoRun run({"--grep", "^(view-main-page|missing-page)$", "--duration", "30s"});
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, seconds(30));
  auto result = ReadRun(run.out);
  size_t attempts = 0;
  for (const auto& journey : result.journeys) {
    EXPECT_GE(journey.attempts.size(), 3u) << journey.name;
    for (const auto& attempt : journey.attempts) {
      EXPECT_EQ(attempt.outcome, journeys::Outcome::kPassed);
      ++attempts;
    }
  }
  // Progress printed one line per attempt.
  EXPECT_NE(run.cujo.Output().find("[" + std::to_string(attempts) + "]"), std::string::npos);
  ExpectNothingLeft(run.cujo);
}

// Each attempt starts as a new visitor: nothing an earlier one stored (cookies, localStorage,
// IndexedDB) is there, also with --warm-cache, whose journeys share one context for its HTTP
// cache. The journey checks for its own leftovers first, then leaves them; it runs three times
// on one browser.
TEST(CliRun, NoAttemptSeesWhatAnEarlierOneStored) {
  cdp::TempDir dir("cujo-leftovers-");
  std::ofstream(dir.path() + "/leaves-state.yaml") << R"(name: leaves-state
description: Stores a cookie, a localStorage item and an IndexedDB database after checking for them.
steps:
  - goto: /wiki/Main_Page
  - eval:
      script: >-
        (async () => [localStorage.getItem('cujo-left'), document.cookie.includes('cujoleft='),
        (await indexedDB.databases()).map(d => d.name)])()
      equals: [null, false, []]
  - eval: >-
      new Promise(done => { localStorage.setItem('cujo-left', 'x');
      document.cookie = 'cujoleft=1; path=/; max-age=3600';
      const open = indexedDB.open('cujo-left'); open.onsuccess = () => { open.result.close();
      done(true); }; })
)";
  for (bool warm_cache : {false, true}) {
    SCOPED_TRACE(warm_cache ? "--warm-cache" : "a fresh context per attempt");
    std::vector<std::string> args{"--browsers", "1", "--repeat", "3", "--retries", "0"};
    if (warm_cache) args.emplace_back("--warm-cache");
    CujoRun run(args, "", dir.path());
    EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
    auto result = ReadRun(run.out);
    ASSERT_EQ(result.journeys.size(), 1u);
    ASSERT_EQ(result.journeys[0].attempts.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(result.journeys[0].attempts[i].round, i + 1);
    ExpectNothingLeft(run.cujo);
  }
}

TEST(CliRun, LatestPointsAtTheRunBesideItsOutputDirectory) {
  cdp::TempDir tmp("cujo-latest-");
  // With a trailing slash too: the link goes beside the directory, not inside it.
  CujoProcess cujo({"run", BUNDLED_JOURNEYS_DIR, "--base-url", cujo_test::Wiki().url, "--grep",
                    "^view-main-page$", "--out", tmp.path() + "/first/"});
  ASSERT_EQ(cujo.Wait(), 0) << cujo.Output();
  std::error_code ec;
  EXPECT_EQ(std::filesystem::read_symlink(tmp.path() + "/latest", ec), "first") << ec.message();
  EXPECT_EQ(ReadRun(tmp.path() + "/latest").journeys.size(), 1u);
  ExpectNothingLeft(cujo);
  // That run as the baseline of one written over it would be compared with itself, then lost.
  CujoProcess again({"run", BUNDLED_JOURNEYS_DIR, "--base-url", cujo_test::Wiki().url, "--grep",
                     "^view-main-page$", "--out", tmp.path() + "/first", "--baseline",
                     tmp.path() + "/latest"});
  EXPECT_EQ(again.Wait(), 3) << again.Output();
  EXPECT_NE(again.Output().find("is the --baseline run"), std::string::npos) << again.Output();
  EXPECT_EQ(ReadRun(tmp.path() + "/first").journeys.size(), 1u);
}

struct BadInvocation {
  std::vector<std::string> args;
  std::string message;
};

TEST(CliRun, BadFlagsAndConfigValuesExit3WithAClearMessage) {
  const std::string url = cujo_test::Wiki().url;
  const std::vector<BadInvocation> cases = {
      {{"--browsers", "0"}, "--browsers must be at least 1"},
      {{"--tier", "fast"}, "--tier"},
      {{"--shard", "4/3"}, "--shard must be K/N"},
      {{"--resolve", "nohost"}, "--resolve must be HOST:PORT:ADDR"},
      {{"--header", "NoColon"}, "--header must be 'Name: value'"},
      {{"--timeout", "forever"}, "--timeout must be a duration"},
      {{"--rate", "fast"}, "--rate must look like"},
      {{"--grep", "(unclosed"}, "--grep: invalid regular expression"},
      {{"--exclude", std::string(20000, '(') + std::string(20000, ')')},  // was a stack overflow
       "--exclude: invalid regular expression"},
      {{"--shard", "1/3x"}, "--shard must be K/N"},
      {{"--base-url", "http://[::1"}, "--base-url has an unclosed '['"},
      {{"--base-url", "http://a b/"}, "--base-url has no usable host"},
      {{"--base-url", "http://user:pw@wiki/"}, "--base-url must not carry a user or password"},
      {{"--pushgateway", "pushgateway:9091"}, "--pushgateway must be an http"},
      {{"--pushgateway", "https://gw:9091"}, "--pushgateway: only http:// is supported"},
      {{"--browser-endpoint", "ws://"}, "--browser-endpoint: unsupported browser endpoint"},
      {{"--browser-endpoint", "chrome:9222"}, "--browser-endpoint: unsupported browser endpoint"},
      {{"--rate", "nan/min"}, "--rate must look like"},
      {{"--rate", "1e-300/s"}, "between 1/h and 100000/min"},
      {{"--recycle-after", "0"}, "--recycle-after must be at least 1"},
      {{"--chromium", "/nonexistent/chromium"},
       "cannot execute /nonexistent/chromium: No such file or directory"},
      {{"--bogus"}, "--bogus"},
  };
  for (const auto& bad : cases) {
    cdp::TempDir tmp("cujo-bad-");
    std::vector<std::string> args = {"run", BUNDLED_JOURNEYS_DIR, "--out", tmp.path() + "/out"};
    if (bad.args[0] != "--base-url") args.insert(args.end(), {"--base-url", url});
    args.insert(args.end(), bad.args.begin(), bad.args.end());
    CujoProcess cujo(args);
    EXPECT_EQ(cujo.Wait(), 3) << bad.args[0] << ":\n" << cujo.Output();
    EXPECT_NE(cujo.Output().find(bad.message), std::string::npos) << bad.args[0] << ":\n"
                                                                  << cujo.Output();
    EXPECT_FALSE(std::filesystem::exists(tmp.path() + "/out/results.json")) << bad.args[0];
  }

  CujoProcess version({"--chromium", "/nonexistent/chromium", "version"});
  EXPECT_EQ(version.Wait(), 3) << version.Output();
  EXPECT_NE(version.Output().find("cannot execute /nonexistent/chromium"), std::string::npos)
      << version.Output();

  CujoProcess misspelt({"rn", BUNDLED_JOURNEYS_DIR, "--base-url", url});
  EXPECT_EQ(misspelt.Wait(), 3) << misspelt.Output();
  EXPECT_NE(misspelt.Output().find("unknown command `rn` (did you mean `run`?)"), std::string::npos)
      << misspelt.Output();

  // A setting in the file is checked like a flag; one that no flag has is not ignored.
  const std::vector<std::pair<std::string, std::string>> bad_files = {
      {"browsers: many\n", "browsers"},
      {"browser: 2\n", "unknown setting 'browser' (did you mean `browsers`?)"},
      {"log-level: loud\n", "--log-level"},  // cujo's own options are top-level keys too
      {"list:\n  browsers: 2\n", "unknown setting 'browsers' under 'list'"},
      {"[a]: 1\n", "line 1: a key must be an option's name"},
      {"tag: [{a: 1}]\n", "line 1: 'tag' must be a list of values"},
  };
  for (const auto& [text, message] : bad_files) {
    cdp::TempDir tmp("cujo-bad-config-");
    std::ofstream(tmp.path() + "/cujo.yaml") << text;
    CujoProcess cujo(
        {"--config", tmp.path() + "/cujo.yaml", "run", BUNDLED_JOURNEYS_DIR, "--base-url", url});
    EXPECT_EQ(cujo.Wait(), 3) << text << cujo.Output();
    EXPECT_NE(cujo.Output().find(message), std::string::npos) << text << cujo.Output();
  }
}

TEST(CliRun, SloRuleForAMisspeltJourneyIsPointedOut) {
  cdp::TempDir tmp("cujo-slo-typo-");
  std::ofstream(tmp.path() + "/slo.yaml") << "journeys:\n  view-main-pag: {min_attempts: 1}\n";
  CujoProcess cujo({"run", BUNDLED_JOURNEYS_DIR, "--base-url", cujo_test::Wiki().url, "--list",
                    "--slo", tmp.path() + "/slo.yaml"});
  EXPECT_EQ(cujo.Wait(), 0) << cujo.Output();
  EXPECT_NE(cujo.Output().find("warning: " + tmp.path() +
                               "/slo.yaml: a rule for journey "
                               "`view-main-pag`, which no journey file defines; did you mean "
                               "`view-main-page`?"),
            std::string::npos)
      << cujo.Output();
}

TEST(CliRun, ConfigFileProvidesFlagsAndFlagsWin) {
  cdp::TempDir tmp("cujo-config-");
  std::ofstream(tmp.path() + "/cujo.yaml")
      << "base-url: " << cujo_test::Wiki().url << "\ntier: slow\ngrep: view\n";
  CujoProcess from_file(
      {"--config", tmp.path() + "/cujo.yaml", "run", BUNDLED_JOURNEYS_DIR, "--list"});
  EXPECT_EQ(from_file.Wait(), 0) << from_file.Output();
  EXPECT_NE(from_file.Output().find("mobile-view"), std::string::npos) << from_file.Output();
  EXPECT_EQ(from_file.Output().find("view-article"), std::string::npos) << from_file.Output();
  CujoProcess flag_wins({"--config", tmp.path() + "/cujo.yaml", "run", BUNDLED_JOURNEYS_DIR,
                         "--list", "--tier", "quick"});
  EXPECT_EQ(flag_wins.Wait(), 0) << flag_wins.Output();
  EXPECT_NE(flag_wins.Output().find("view-article"), std::string::npos) << flag_wins.Output();
  EXPECT_EQ(flag_wins.Output().find("mobile-view"), std::string::npos) << flag_wins.Output();
}

}  // namespace
