// Fault drills through the fault proxy: the network and the browser misbehave while the real
// `cujo` runs the bundled journeys against the real wiki. Each drill asserts that the run
// finishes, that the failures get the class a release manager would give them, the exit code the
// pipeline acts on, and that no process is left behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/integration/cujo_process.h"
#include "tests/integration/fault_proxy_client.h"

namespace {

using cujo_test::CujoRun;
using cujo_test::ExpectNothingLeft;
using cujo_test::FaultProxyControl;
using cujo_test::FaultProxyHolding;
using cujo_test::FaultProxyUrl;
using cujo_test::FaultRules;
using cujo_test::ReadRun;
using std::chrono::seconds;

// The wiki's page requests (articles, special pages, form posts), not load.php or api.php.
const char kPageRequests[] = "path=^/(wiki/|w/index\\.php)";

// The classes of every journey's failures, from the summary: {"server_error", ...}.
std::multiset<std::string> FailureClasses(const nlohmann::json& summary) {
  std::multiset<std::string> classes;
  for (const auto& journey : summary["journeys"]) {
    for (const auto& failure : journey["failures"]) classes.insert(failure.value("class", ""));
  }
  return classes;
}

std::string Statuses(const nlohmann::json& summary) {
  std::string out;
  for (const auto& journey : summary["journeys"]) {
    out += journey.value("name", "") + "=" + journey.value("status", "") + " ";
  }
  return out;
}

// The highest "[N/M] " attempt counter that cujo's progress printed so far (at a line's start:
// quoted browser output has "[MMDD/HHMMSS" stamps).
int AttemptsReported(const std::string& output) {
  static const std::regex counter(R"((?:^|\n)\[(\d+)/\d+\] )");
  int highest = 0;
  for (std::sregex_iterator it(output.begin(), output.end(), counter), end; it != end; ++it) {
    highest = std::max(highest, std::stoi((*it)[1]));
  }
  return highest;
}

// How a one-journey run ends when the infrastructure failed it once: the first attempt is the
// browser's (`infra`), with `cause` in its message, the retry passes, the run promotes and
// nothing of it is left.
void ExpectOneInfraFailureThenAPass(CujoRun& run, const std::string& cause) {
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  const auto result = ReadRun(run.out);
  ASSERT_EQ(result.journeys.size(), 1u);
  const auto& attempts = result.journeys[0].attempts;
  ASSERT_EQ(attempts.size(), 2u) << run.cujo.Output();
  ASSERT_TRUE(attempts[0].error);
  EXPECT_EQ(attempts[0].error->kind, "browser");
  EXPECT_NE(attempts[0].error->message.find(cause), std::string::npos)
      << attempts[0].error->message;
  EXPECT_EQ(attempts[1].outcome, journeys::Outcome::kPassed);
  EXPECT_EQ(result.summary.value("verdict", ""), "PROMOTE");
  EXPECT_EQ(result.summary["journeys"][0].value("status", ""), "flaky");
  EXPECT_EQ(FailureClasses(result.summary), std::multiset<std::string>{"infra"});
  ExpectNothingLeft(run.cujo);
}

TEST(FaultDrill, BrowserSigkilledTenTimesMidStepStillPromotes) {
  // Every page request is held for a second: when the proxy holds one, the browser is waiting
  // for it in the middle of a step.
  FaultRules faults({std::string("mode=slow&ms=1000&") + kPageRequests});
  CujoRun run({"--tier", "quick", "--repeat", "2", "--browsers", "1"}, FaultProxyUrl());
  for (int round = 1; round <= 10; ++round) {
    SCOPED_TRACE("kill " + std::to_string(round));
    FaultProxyControl("log?clear=1");
    ASSERT_TRUE(FaultProxyHolding(seconds(60))) << run.cujo.Output();
    // Nothing finishes while the request is held: the killed attempt is the next one reported.
    int reported = AttemptsReported(run.cujo.Output());
    auto browsers = run.cujo.Browsers();
    ASSERT_EQ(browsers.size(), 1u) << run.cujo.Output();
    kill(browsers[0], SIGKILL);
    // The killed attempt and its retry on a fresh browser, before the next kill: no journey
    // loses more attempts than its infrastructure retries.
    ASSERT_TRUE(run.cujo.WaitForOutput("[" + std::to_string(reported + 2) + "/", seconds(60)))
        << run.cujo.Output();
  }
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  const auto result = ReadRun(run.out);
  int killed = 0;
  for (const auto& journey : result.journeys) {
    ASSERT_FALSE(journey.attempts.empty()) << journey.name;
    EXPECT_EQ(journey.attempts.back().outcome, journeys::Outcome::kPassed) << journey.name;
    for (const auto& attempt : journey.attempts) {
      if (attempt.error && attempt.error->kind == "browser") {
        ++killed;
        EXPECT_NE(attempt.error->message.find("signal 9"), std::string::npos)
            << attempt.error->message;
      }
    }
  }
  EXPECT_EQ(killed, 10);
  // 12 attempts planned, and each retry counted in the total as it finishes.
  EXPECT_NE(run.cujo.Output().find("\n[22/22] "), std::string::npos) << run.cujo.Output();
  EXPECT_EQ(result.summary.value("verdict", ""), "PROMOTE") << result.summary.dump(2);
  for (const auto& failure_class : FailureClasses(result.summary))
    EXPECT_EQ(failure_class, "infra");
  ExpectNothingLeft(run.cujo);
}

// A browser that stops without dying (SIGSTOPped, frozen by its cgroup, swapped out on a host
// out of memory) mid-step: the step waits out its timeout, then the browser is asked whether
// it still answers. It does not: the attempt is the browser's (`infra`), the frozen browser is
// killed and the journey retried on a fresh one. Before, the step's timeout was the build's
// (`timeout`: ROLLBACK), every later journey on that browser failed the same way, and the
// frozen browser stayed until the run ended.
TEST(FaultDrill, BrowserFrozenMidStepIsReplacedAndTheJourneyRetried) {
  FaultRules faults({std::string("mode=slow&ms=1000&") + kPageRequests});
  CujoRun run({"--grep", "^view-article$", "--step-timeout", "4s"}, FaultProxyUrl());
  ASSERT_TRUE(FaultProxyHolding(seconds(60))) << run.cujo.Output();
  auto browsers = run.cujo.Browsers();
  ASSERT_EQ(browsers.size(), 1u) << run.cujo.Output();
  kill(browsers[0], SIGSTOP);
  ExpectOneInfraFailureThenAPass(
      run,
      "the browser stopped answering (no answer to Browser.getVersion within 5000 ms, "
      "after a step timed out)");
}

// The article's scripts and styles are held for a second each: while the proxy holds one, the
// article's document is in its renderer and the journey is in the middle of its goto.
const char kHeldAssets[] = "mode=slow&ms=1000&path=^/w/load\\.php";

// What the host's OOM killer does to a tab mid-step: the page's renderer SIGKILLed. Not the
// build's doing: the attempt is `infra`, retried on a fresh page, and the run promotes.
TEST(FaultDrill, RendererSigkilledMidStepIsRetriedAndPromotes) {
  FaultRules faults({kHeldAssets});
  CujoRun run({"--grep", "^view-article$"}, FaultProxyUrl());
  ASSERT_TRUE(FaultProxyHolding(seconds(60))) << run.cujo.Output();
  auto renderers = run.cujo.Renderers();
  ASSERT_FALSE(renderers.empty()) << run.cujo.Output();
  for (pid_t renderer : renderers) kill(renderer, SIGKILL);
  ExpectOneInfraFailureThenAPass(run, "killed by signal 9 (SIGKILL) from outside");
}

// The renderer with the highest --renderer-client-id (Chromium numbers them as it starts them):
// of a running page's and the one of the page made ahead for the next journey, the latter.
pid_t NewestRenderer(const std::vector<pid_t>& renderers) {
  static const std::regex id("--renderer-client-id=(\\d+)");
  pid_t newest = 0;
  int highest = -1;
  for (pid_t pid : renderers) {
    std::smatch match;
    std::string cmdline = cujo_test::ReadProcFile(pid, "cmdline");
    if (std::regex_search(cmdline, match, id) && std::stoi(match[1]) > highest) {
      highest = std::stoi(match[1]);
      newest = pid;
    }
  }
  return newest;
}

// The renderer of the page made ahead (idle on about:blank) killed while a journey runs: the
// next journey gets a page that is alive, not one that fails before its first step.
TEST(FaultDrill, APageMadeAheadWhoseRendererWasKilledIsNotUsed) {
  FaultRules faults({kHeldAssets});
  CujoRun run({"--grep", "^(view-article|view-main-page)$"}, FaultProxyUrl());
  ASSERT_TRUE(FaultProxyHolding(seconds(60))) << run.cujo.Output();
  // The first journey is in its goto; the next one's page is made once this one's is set up
  // (polled: /proc has no event for a new process).
  std::vector<pid_t> renderers;
  for (auto give_up = std::chrono::steady_clock::now() + seconds(10);
       renderers.size() < 2 && std::chrono::steady_clock::now() < give_up;) {
    renderers = run.cujo.Renderers();
    if (renderers.size() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(renderers.size(), 2u) << run.cujo.Output();
  ASSERT_EQ(kill(NewestRenderer(renderers), SIGKILL), 0);
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  const auto result = ReadRun(run.out);
  for (const auto& journey : result.journeys) {
    ASSERT_EQ(journey.attempts.size(), 1u) << journey.name << "\n" << run.cujo.Output();
    EXPECT_EQ(journey.attempts[0].outcome, journeys::Outcome::kPassed) << journey.name;
  }
  EXPECT_EQ(result.summary.value("verdict", ""), "PROMOTE");
  ExpectNothingLeft(run.cujo);
}

// A renderer that crashes mid-step, and again on the attempt cujo adds in case that was a
// one-off: a dead tab is what the build's users would get. ROLLBACK, told by the page.
TEST(FaultDrill, RendererCrashingMidStepTwiceRollsBackAsClientError) {
  FaultRules faults({kHeldAssets});
  CujoRun run({"--grep", "^view-article$"}, FaultProxyUrl());
  for (int attempt = 1; attempt <= 2; ++attempt) {
    SCOPED_TRACE("attempt " + std::to_string(attempt));
    ASSERT_TRUE(FaultProxyHolding(seconds(60))) << run.cujo.Output();
    auto renderers = run.cujo.Renderers();
    ASSERT_FALSE(renderers.empty()) << run.cujo.Output();
    for (pid_t renderer : renderers) kill(renderer, SIGSEGV);
    ASSERT_TRUE(run.cujo.WaitForOutput("[" + std::to_string(attempt) + "/", seconds(60)))
        << run.cujo.Output();
    FaultProxyControl("log?clear=1");  // the next hold is the next attempt's
  }
  EXPECT_EQ(run.cujo.Wait(), 1) << run.cujo.Output();
  // Nothing is asked of a page that is gone: no capture tried and failed.
  EXPECT_EQ(run.cujo.Output().find("could not capture"), std::string::npos) << run.cujo.Output();
  const auto result = ReadRun(run.out);
  ASSERT_EQ(result.journeys.size(), 1u);
  ASSERT_EQ(result.journeys[0].attempts.size(), 2u) << run.cujo.Output();
  for (const auto& attempt : result.journeys[0].attempts) {
    ASSERT_TRUE(attempt.error);
    EXPECT_EQ(attempt.error->kind, "crash");
    EXPECT_NE(
        attempt.error->message.find("page crashed: its renderer killed by signal 11 (SIGSEGV)"),
        std::string::npos)
        << attempt.error->message;
  }
  EXPECT_EQ(result.summary.value("verdict", ""), "ROLLBACK");
  EXPECT_EQ(FailureClasses(result.summary),
            (std::multiset<std::string>{"client_error", "client_error"}));
  const auto& failure = result.summary["journeys"][0]["failures"][1];
  EXPECT_EQ(failure.value("fingerprint", ""),
            "client_error: the renderer crashed on /wiki/Quillfeather_Heron")
      << failure.dump(2);
  ExpectNothingLeft(run.cujo);
}

TEST(FaultDrill, HalfOfAllRequestsAnswered503RollsBackAsServerError) {
  FaultRules faults({"mode=status&status=503&percent=50"});
  CujoRun run({"--browsers", "2"}, FaultProxyUrl());
  EXPECT_EQ(run.cujo.Wait(), 1) << run.cujo.Output();
  const auto summary = ReadRun(run.out).summary;
  EXPECT_EQ(summary.value("verdict", ""), "ROLLBACK");
  const auto classes = FailureClasses(summary);
  EXPECT_FALSE(classes.empty()) << Statuses(summary);
  for (const auto& failure_class : classes) {
    EXPECT_EQ(failure_class, "server_error") << summary.dump(2).substr(0, 4000);
  }
  ExpectNothingLeft(run.cujo);
}

TEST(FaultDrill, FiveSecondStallsOnEveryPageAreSlow) {
  // Each article view waits five seconds for its page; the policy allows three.
  cdp::TempDir policy_dir("cujo-drill-slo-");
  const std::string policy = policy_dir.path() + "/slo.yaml";
  std::ofstream(policy) << "defaults: {max_failure_rate: 0}\n"
                           "journeys:\n  view-article: {duration: {p50: 3s}}\n";
  FaultRules faults({"mode=slow&ms=5000&path=Quillfeather_Heron"});
  CujoRun run({"--grep", "^(view-article|view-main-page)$", "--slo", policy}, FaultProxyUrl());
  EXPECT_EQ(run.cujo.Wait(), 1) << run.cujo.Output();
  const auto summary = ReadRun(run.out).summary;
  EXPECT_EQ(summary.value("verdict", ""), "ROLLBACK");
  EXPECT_EQ(FailureClasses(summary), std::multiset<std::string>{"slow"}) << Statuses(summary);
  ExpectNothingLeft(run.cujo);
}

TEST(FaultDrill, ArticleConnectionResetEveryTimeRollsBackAsServerError) {
  // Every article request is answered with a connection reset. cujo retries in case it was
  // the network (the target answers probes); it never is.
  FaultRules faults({"mode=reset&path=Quillfeather_Heron"});
  CujoRun run({"--grep", "^(view-article|view-main-page)$"}, FaultProxyUrl());
  EXPECT_EQ(run.cujo.Wait(), 1) << run.cujo.Output();
  const auto summary = ReadRun(run.out).summary;
  EXPECT_EQ(summary.value("verdict", ""), "ROLLBACK");
  const auto classes = FailureClasses(summary);
  EXPECT_FALSE(classes.empty());
  for (const auto& failure_class : classes) {
    EXPECT_EQ(failure_class, "server_error") << summary.dump(2).substr(0, 4000);
  }
  ExpectNothingLeft(run.cujo);
}

TEST(FaultDrill, ConnectionResetMidResponseIsRetriedAndPromotes) {
  FaultRules faults({"mode=reset_mid&count=1&path=Quillfeather_Heron"});
  CujoRun run({"--grep", "^view-article$"}, FaultProxyUrl());
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  const auto result = ReadRun(run.out);
  ASSERT_EQ(result.journeys.size(), 1u);
  ASSERT_EQ(result.journeys[0].attempts.size(), 2u) << run.cujo.Output();
  EXPECT_EQ(result.journeys[0].attempts[1].outcome, journeys::Outcome::kPassed);
  EXPECT_EQ(result.summary.value("verdict", ""), "PROMOTE");
  EXPECT_EQ(result.summary["journeys"][0].value("status", ""), "flaky");
  EXPECT_EQ(FailureClasses(result.summary), std::multiset<std::string>{"server_error"});
  ExpectNothingLeft(run.cujo);
}

}  // namespace
