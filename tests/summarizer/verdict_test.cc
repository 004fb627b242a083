// Summarize on synthetic runs: every failure class with its evidence and fingerprint, flaky,
// slow through budgets, traffic-mode rates, the verdict and its exit code, and a baseline's
// new/known/fixed.
#include <gtest/gtest.h>

#include "artifacts/attempts.h"
#include "artifacts/summary_markdown.h"
#include "artifacts/verdict.h"

namespace {

using artifacts::FailureClass;
using journeys::AttemptResult;
using journeys::Outcome;

AttemptResult Passed(double ms = 1000, int attempt = 1) {
  AttemptResult a;
  a.attempt = attempt;
  a.duration_ms = ms;
  a.outcome = Outcome::kPassed;
  journeys::StepResult step;
  step.label = "goto /wiki/Main_Page";
  step.duration_ms = ms / 2;
  step.outcome = Outcome::kPassed;
  a.steps.push_back(step);
  return a;
}

AttemptResult Failed(const std::string& kind, const std::string& message, int attempt = 1) {
  AttemptResult a;
  a.attempt = attempt;
  a.outcome = Outcome::kFailed;
  a.error = journeys::StepError{kind, message, "#firstHeading", "", "", ""};
  return a;
}

AttemptResult ServerError(const std::string& url, int status = 503, int attempt = 1) {
  AttemptResult a = Failed("timeout", "expect #firstHeading: timed out after 5s", attempt);
  a.failed_requests.push_back({url, "GET", "Script", status, "", 10});
  return a;
}

orchestrator::JourneyRecord Journey(const std::string& name, std::vector<AttemptResult> attempts,
                                    const std::string& tier = "quick") {
  orchestrator::JourneyRecord r;
  r.name = name;
  r.tier = tier;
  r.attempts = std::move(attempts);
  return r;
}

orchestrator::RunResult MakeRun(std::vector<orchestrator::JourneyRecord> journeys) {
  orchestrator::RunResult run;
  run.journeys = std::move(journeys);
  return run;
}

artifacts::SloPolicy Policy(const std::string& yaml) {
  auto parsed = artifacts::ParseSloPolicy(yaml, "test-slo.yaml");
  EXPECT_TRUE(parsed.policy) << parsed.errors.front().ToString();
  return parsed.policy.value_or(artifacts::SloPolicy{});
}

artifacts::Classification ClassOf(const AttemptResult& a) { return artifacts::Classify(a); }

TEST(Classify, EveryClassWithItsEvidence) {
  AttemptResult assertion = Failed("assertion", "expect #firstHeading: text is \"Foo\"");
  assertion.error->expected = "Quillfeather Heron";
  assertion.error->actual = "Foo";
  auto c = ClassOf(assertion);
  EXPECT_EQ(c.failure_class, FailureClass::kAssertion);
  EXPECT_EQ(c.evidence.back(), "expected Quillfeather Heron, got Foo");

  AttemptResult exception_page = Failed("timeout", "expect #firstHeading: timed out");
  journeys::NavigationRecord navigation;
  navigation.url = "http://w/wiki/Fenlark?x=1";
  navigation.status = 500;
  exception_page.navigations.push_back(navigation);
  c = ClassOf(exception_page);
  EXPECT_EQ(c.failure_class, FailureClass::kServerError);
  EXPECT_EQ(c.evidence[0], "HTTP 500 on http://w/wiki/Fenlark?x=1");
  EXPECT_EQ(c.evidence[1], "the step failed: expect #firstHeading: timed out");
  EXPECT_EQ(c.fingerprint, "server_error: HTTP N from /wiki/Fenlark");

  c = ClassOf(ServerError("http://w/w/load.php?modules=a&version=123"));
  EXPECT_EQ(c.failure_class, FailureClass::kServerError);
  EXPECT_EQ(c.fingerprint, "server_error: HTTP N from /w/load.php");

  AttemptResult throws = Failed("assertion", "expect: no_js_exceptions: 1 uncaught exception");
  throws.exceptions.push_back({"Error: boom 42", "http://w/wiki/X", 3, 10});
  c = ClassOf(throws);
  EXPECT_EQ(c.failure_class, FailureClass::kClientError);
  EXPECT_EQ(c.evidence[0], "uncaught exception: Error: boom 42 at http://w/wiki/X");

  AttemptResult hidden = Failed("actionability", "click #save: not actionable after 5s");
  hidden.error->failed_check = "visible";
  c = ClassOf(hidden);
  EXPECT_EQ(c.failure_class, FailureClass::kTimeout);
  EXPECT_NE(c.evidence[0].find("(visible)"), std::string::npos);

  EXPECT_EQ(ClassOf(Failed("browser", "browser killed by signal 9")).failure_class,
            FailureClass::kInfra);
  c = ClassOf(Failed("navigation", "goto /: net::ERR_CONNECTION_REFUSED"));
  EXPECT_EQ(c.failure_class, FailureClass::kInfra);
  EXPECT_EQ(c.fingerprint, "infra: target unreachable: ERR_CONNECTION_REFUSED");
  EXPECT_EQ(ClassOf(Failed("config", "${env.X} is not set")).failure_class, FailureClass::kConfig);

  // A certificate the browser refuses is how cujo reaches the target, not the build.
  c = ClassOf(Failed("navigation",
                     "navigation to https://canary/ failed: net::ERR_CERT_AUTHORITY_INVALID"));
  EXPECT_EQ(c.failure_class, FailureClass::kConfig);
  EXPECT_EQ(c.fingerprint, "config: TLS refused: ERR_CERT_AUTHORITY_INVALID");
  EXPECT_NE(c.evidence[0].find("--insecure"), std::string::npos) << c.evidence[0];
}

// A page that crashed its renderer is the build's failure as its users would see it (a dead
// tab), told by the page it crashed on; one killed from outside is not (a `browser` error).
TEST(Classify, ARendererCrashIsThePagesFailure) {
  AttemptResult crashed =
      Failed("crash",
             "expect #firstHeading: Runtime.evaluate: page crashed: its renderer killed by "
             "signal 5 (SIGTRAP), Chromium's own stop on a failed check or out of memory");
  journeys::NavigationRecord navigation;
  navigation.url = "http://w/wiki/Fenlark?action=edit";
  crashed.navigations.push_back(navigation);
  auto c = ClassOf(crashed);
  EXPECT_EQ(c.failure_class, FailureClass::kClientError);
  EXPECT_TRUE(artifacts::IsProductClass(c.failure_class));
  EXPECT_EQ(c.evidence[0], crashed.error->message + " (on http://w/wiki/Fenlark?action=edit)");
  EXPECT_EQ(c.fingerprint, "client_error: the renderer crashed on /wiki/Fenlark");

  crashed.navigations.clear();
  EXPECT_EQ(ClassOf(crashed).fingerprint, "client_error: the renderer crashed on a blank page");

  c = ClassOf(Failed("browser",
                     "Runtime.evaluate: page's renderer killed by signal 9 (SIGKILL) "
                     "from outside the browser (the host's OOM killer, an operator)"));
  EXPECT_EQ(c.failure_class, FailureClass::kInfra);
}

// The page came, then its own server refused the scripts it needs: the target went down
// mid-page, whatever the journey then waited for. Another host refusing is the page's
// business (a build may point at a host that is gone), and so is an image.
TEST(Classify, ThePagesOwnServerRefusingWhatItNeedsIsTheTargetDown) {
  AttemptResult refused = Failed("timeout", "expect #firstHeading: timed out after 5s");
  journeys::NavigationRecord navigation;
  navigation.url = "http://w:8080/wiki/Fenlark";
  navigation.status = 200;
  refused.navigations.push_back(navigation);
  refused.failed_requests.push_back(
      {"http://w:8080/w/load.php?modules=a", "GET", "Script", 0, "net::ERR_CONNECTION_REFUSED", 9});
  auto c = ClassOf(refused);
  EXPECT_EQ(c.failure_class, FailureClass::kInfra);
  EXPECT_EQ(c.fingerprint, "infra: target unreachable: ERR_CONNECTION_REFUSED from /w/load.php");
  EXPECT_EQ(c.evidence[0],
            "target unreachable: net::ERR_CONNECTION_REFUSED on Script "
            "http://w:8080/w/load.php?modules=a");
  EXPECT_EQ(c.evidence[1], "the step failed: expect #firstHeading: timed out after 5s");

  AttemptResult elsewhere = refused;
  elsewhere.failed_requests[0].url = "http://cdn:8080/lib.js";
  EXPECT_EQ(ClassOf(elsewhere).failure_class, FailureClass::kTimeout);
  AttemptResult image = refused;
  image.failed_requests[0].resource_type = "Image";
  EXPECT_EQ(ClassOf(image).failure_class, FailureClass::kTimeout);
}

// What a timed-out step waited on is evidence (a stalled backend, a script that never came),
// not a class of its own: the class and the grouping stay the step's.
TEST(Classify, RequestsInFlightAtTheFailureAreEvidence) {
  AttemptResult stalled = Failed("timeout", "goto /wiki/X: navigation reaching 'load' timed out");
  stalled.error->selector.clear();
  journeys::StepResult step;
  step.outcome = Outcome::kFailed;
  step.start_ms = 1000;
  step.duration_ms = 10000;
  stalled.steps.push_back(step);
  stalled.requests_in_flight.push_back(
      {"http://w/w/load.php?modules=a", "GET", "Script", 0, "", 1200});
  auto c = ClassOf(stalled);
  EXPECT_EQ(c.failure_class, FailureClass::kTimeout);
  EXPECT_EQ(c.evidence.back(),
            "still waiting for 1 request when it failed, for 9.8 s: GET "
            "http://w/w/load.php?modules=a (Script)");
  // Grouped by what it waited for: with no element, the message says it.
  EXPECT_EQ(c.fingerprint.rfind("timeout: goto /wiki/X: navigation reaching", 0), 0u)
      << c.fingerprint;
  const std::string fingerprint = c.fingerprint;

  stalled.requests_in_flight.push_back({"http://w/api.php", "POST", "Fetch", 0, "", 5000});
  c = ClassOf(stalled);
  EXPECT_EQ(c.evidence.back(),
            "still waiting for 2 requests when it failed, the oldest for 9.8 s: GET "
            "http://w/w/load.php?modules=a (Script)");
  EXPECT_EQ(c.fingerprint, fingerprint);
}

TEST(Classify, FingerprintsVaryingPartsAndSurvivesHugePageText) {
  EXPECT_EQ(artifacts::Normalize("GET /w?a=1 \"x 2\" id 0123abcdEF 3.5 x1 'y?z' \"open"),
            "GET /w?… \"…\" id <id> N xN 'y?…' \"open");
  // The page controls an exception's message: a megabyte in quotes is one fingerprint, and
  // must not exhaust the stack (std::regex recursed once per character here).
  AttemptResult throws = Failed("assertion", "expect: no_js_exceptions: 1 uncaught exception");
  throws.exceptions.push_back({"Error: \"" + std::string(1 << 20, 'q') + "\" 7", "", 1, 1});
  EXPECT_EQ(ClassOf(throws).fingerprint, "client_error: uncaught Error: \"…\" N");
}

TEST(Summarize, CleanRunPromotes) {
  auto s = artifacts::Summarize(MakeRun({Journey("a", {Passed()}), Journey("b", {Passed()})}));
  EXPECT_EQ(s.verdict, "PROMOTE");
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_EQ(s.journeys[0].status, "passed");
}

TEST(Summarize, OneServerErrorRollsBackAndGroupsByCause) {
  auto s = artifacts::Summarize(
      MakeRun({Journey("a", {ServerError("http://w/w/load.php?v=1")}),
               Journey("b", {ServerError("http://w/w/load.php?v=2")}), Journey("c", {Passed()})}));
  EXPECT_EQ(s.verdict, "ROLLBACK");
  EXPECT_EQ(s.exit_code, 1);
  ASSERT_EQ(s.reasons.size(), 2u);
  EXPECT_EQ(s.reasons[0], "a: server_error: HTTP 503 on Script http://w/w/load.php?v=1");
  ASSERT_EQ(s.groups.size(), 1u);
  EXPECT_EQ(s.groups[0].journeys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.groups[0].fingerprint, "server_error: HTTP N from /w/load.php");
}

TEST(Summarize, FlakyPassesButIsReported) {
  auto s = artifacts::Summarize(
      MakeRun({Journey("a", {ServerError("http://w/wiki/A", 503, 1), Passed(1000, 2)})}));
  EXPECT_EQ(s.verdict, "PROMOTE");
  EXPECT_EQ(s.journeys[0].status, "flaky");
  EXPECT_EQ(s.journeys[0].failures[0].failure_class, FailureClass::kServerError);
}

TEST(Summarize, FlakyJourneyStillAnswersToItsBudgets) {
  // The retry recovered the failure, but it, too, took longer than the budget allows.
  auto s = artifacts::Summarize(
      MakeRun({Journey("a", {ServerError("http://w/wiki/A", 503, 1), Passed(8000, 2)})}),
      Policy("journeys:\n  a:\n    duration: {p95: 5s}\n"));
  EXPECT_EQ(s.verdict, "ROLLBACK");
  EXPECT_EQ(s.journeys[0].status, "slow");
  EXPECT_EQ(s.reasons[0], "a: slow: p95 of the journey's duration 8.0 s > budget 5.0 s (1 sample)");
}

// Under --repeat and traffic mode, a round's retry can finish after the next round's attempt.
TEST(Summarize, RoundsAreTheRecordedOnesNotTheOrderAttemptsFinishedIn) {
  AttemptResult round1 = ServerError("http://w/wiki/A", 503, 1), round2 = Passed(1000, 1),
                round1_retry = Passed(1000, 2);
  round1.round = round1_retry.round = 1;
  round2.round = 2;
  auto record = Journey("a", {round1, round2, round1_retry});
  auto s = artifacts::Summarize(MakeRun({record}));
  EXPECT_EQ(s.verdict, "PROMOTE") << s.reasons.front();
  EXPECT_EQ(s.journeys[0].status, "flaky");
  auto views = artifacts::ViewAttempts(record);
  ASSERT_EQ(views.size(), 3u);
  EXPECT_FALSE(views[0].last_of_round);
  EXPECT_EQ(views[1].title, "a (run 2)");
  EXPECT_TRUE(views[1].last_of_round);
  EXPECT_EQ(views[2].title, "a (retry 1)");
  EXPECT_TRUE(views[2].last_of_round);

  // Files written before rounds were recorded: a round starts at each first attempt.
  for (auto& attempt : record.attempts) attempt.round = 0;
  views = artifacts::ViewAttempts(record);
  EXPECT_EQ(views[2].title, "a (run 2, retry 1)");
  EXPECT_FALSE(views[1].last_of_round);
}

TEST(Summarize, AllInfraIsInconclusiveNeverRollback) {
  auto s = artifacts::Summarize(MakeRun({Journey("a", {Failed("browser", "CDP disconnected")}),
                                         Journey("b", {Failed("browser", "CDP disconnected")})}));
  EXPECT_EQ(s.verdict, "INCONCLUSIVE");
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.reasons[0], "a: infra: CDP disconnected");
}

TEST(Summarize, InterruptedRunIsInconclusive) {
  auto run = MakeRun({Journey("a", {}), Journey("b", {ServerError("http://w/x")})});
  run.run.interrupted = "SIGTERM received";
  auto s = artifacts::Summarize(run);
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.journeys[0].status, "not_run");
}

// A run stopped because the build was failing (--max-failures) is judged by its failures; the
// journeys it did not run make it no less a ROLLBACK.
TEST(Summarize, RunStoppedForFailuresRollsBack) {
  auto run = MakeRun({Journey("a", {}), Journey("b", {ServerError("http://w/x")})});
  run.run.interrupted = "--max-failures 1 reached";
  run.run.stopped_for_failures = true;
  auto s = artifacts::Summarize(run);
  EXPECT_EQ(s.verdict, "ROLLBACK");
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_EQ(s.journeys[0].status, "not_run");
}

TEST(Summarize, ConfigErrorIsExit3) {
  auto s = artifacts::Summarize(MakeRun({Journey("a", {Failed("config", "${env.X} is not set")})}));
  EXPECT_EQ(s.exit_code, 3);

  // Also in a run that stopped early, which the reasons still say.
  auto run = MakeRun({Journey("a", {Failed("config", "${env.X} is not set")}), Journey("b", {})});
  run.run.interrupted = "SIGTERM received";
  s = artifacts::Summarize(run);
  EXPECT_EQ(s.exit_code, 3);
  EXPECT_EQ(s.reasons,
            (std::vector<std::string>{"a: config: ${env.X} is not set",
                                      "run stopped: SIGTERM received", "1 journeys did not run"}));
}

TEST(Summarize, PassedAttemptOverBudgetIsSlowAndRollsBackUnlessAllowed) {
  const std::string budgets =
      "journeys:\n  a:\n    duration: {p95: 5s}\n    steps: {\"goto /wiki/Main_Page\": {p50: "
      "1s}}\n";
  auto run = MakeRun({Journey("a", {Passed(8000)})});
  auto s = artifacts::Summarize(run, Policy(budgets));
  EXPECT_EQ(s.verdict, "ROLLBACK");
  EXPECT_EQ(s.journeys[0].status, "slow");
  ASSERT_EQ(s.journeys[0].failures.size(), 2u);
  EXPECT_EQ(s.journeys[0].failures[0].failure_class, FailureClass::kSlow);
  EXPECT_EQ(s.journeys[0].failures[0].evidence[0],
            "p95 of the journey's duration 8.0 s > budget 5.0 s (1 sample)");
  EXPECT_EQ(s.journeys[0].failures[1].evidence[0],
            "p50 of step `goto /wiki/Main_Page` 4.0 s > budget 1.0 s (1 sample)");
  EXPECT_EQ(s.reasons[0], "a: slow: p95 of the journey's duration 8.0 s > budget 5.0 s (1 sample)");

  auto allowed = artifacts::Summarize(run, Policy(budgets + "    allow: [slow]\n"));
  EXPECT_EQ(allowed.verdict, "PROMOTE");
  EXPECT_EQ(allowed.journeys[0].status, "slow");

  EXPECT_EQ(artifacts::Summarize(MakeRun({Journey("a", {Passed(4000)})}), Policy(budgets)).verdict,
            "ROLLBACK");  // the step's p50 (2 s) is still over 1 s
  EXPECT_EQ(artifacts::Summarize(MakeRun({Journey("a", {Passed(1000)})}), Policy(budgets)).verdict,
            "PROMOTE");
}

TEST(Summarize, TrafficModeJudgesRatesAndPercentilesOverAllRuns) {
  const auto policy = Policy(
      "defaults: {max_failure_rate: 0.05, max_infra_rate: 0.1, min_attempts: 10, "
      "duration: {p95: 3s}}\n");
  std::vector<AttemptResult> attempts(40, Passed(1000));
  attempts[5] = ServerError("http://w/wiki/A");  // 1 of 40: 2.5%, within 5%
  attempts[7] = Passed(9000);                    // one slow run: p95 still 1 s
  auto s = artifacts::Summarize(MakeRun({Journey("a", attempts)}), policy);
  EXPECT_EQ(s.verdict, "PROMOTE") << s.reasons.front();
  EXPECT_EQ(s.journeys[0].status, "failed");

  for (int i : {10, 20}) attempts[i] = ServerError("http://w/wiki/A");  // 3 of 40: 7.5%
  s = artifacts::Summarize(MakeRun({Journey("a", attempts)}), policy);
  EXPECT_EQ(s.verdict, "ROLLBACK");
  EXPECT_EQ(s.reasons[0],
            "a: server_error: HTTP 503 on Script http://w/wiki/A (3 of 40 runs; the policy "
            "allows 5%)");

  std::vector<AttemptResult> slow(40, Passed(4000));
  EXPECT_EQ(artifacts::Summarize(MakeRun({Journey("a", slow)}), policy).verdict, "ROLLBACK");

  std::vector<AttemptResult> few(5, Passed(1000));
  s = artifacts::Summarize(MakeRun({Journey("a", few)}), policy);
  EXPECT_EQ(s.verdict, "INCONCLUSIVE");
  EXPECT_EQ(s.reasons[0], "a: 5 runs reached a verdict; the policy needs 10");

  std::vector<AttemptResult> crashy(40, Passed(1000));
  for (int i = 0; i < 8; ++i) crashy[i] = Failed("browser", "browser crashed");
  s = artifacts::Summarize(MakeRun({Journey("a", crashy)}), policy);
  EXPECT_EQ(s.verdict, "INCONCLUSIVE");
  EXPECT_EQ(s.reasons[0], "a: infra: browser crashed (8 of 40 runs; the policy allows 10%)");
}

TEST(Summarize, BaselineLabelsNewKnownAndFixed) {
  auto baseline = MakeRun({Journey("known", {ServerError("http://w/w/load.php?v=1")}),
                           Journey("fixed", {Failed("assertion", "wrong title")}),
                           Journey("changed", {Failed("assertion", "wrong title")}),
                           Journey("new", {Passed()})});
  auto run =
      MakeRun({Journey("known", {ServerError("http://w/w/load.php?v=9")}),
               Journey("fixed", {Passed()}), Journey("changed", {ServerError("http://w/wiki/C")}),
               Journey("new", {Failed("timeout", "click #x: timed out")})});
  auto s = artifacts::Summarize(run, artifacts::SloPolicy{}, &baseline, "prev");
  EXPECT_EQ(s.journeys[0].baseline, "known");
  EXPECT_EQ(s.journeys[1].baseline, "fixed");
  EXPECT_EQ(s.journeys[2].baseline, "new");
  EXPECT_EQ(s.journeys[3].baseline, "new");
  ASSERT_EQ(s.reasons.size(), 3u);
  EXPECT_EQ(s.reasons[0].rfind("[new] changed: server_error", 0), 0u) << s.reasons[0];
  EXPECT_EQ(s.reasons[1].rfind("[new] new: timeout", 0), 0u) << s.reasons[1];
  EXPECT_EQ(s.reasons[2].rfind("[known] known: server_error", 0), 0u) << s.reasons[2];
  auto json = s.ToJson();
  EXPECT_EQ(json["baseline"]["new"], (nlohmann::json{"changed", "new"}));
  EXPECT_EQ(json["baseline"]["known"], (nlohmann::json{"known"}));
  EXPECT_EQ(json["baseline"]["fixed"], (nlohmann::json{"fixed"}));

  run.summary = json;
  std::string md = artifacts::RenderSummaryMarkdown(run);
  size_t new_at = md.find("### New failures"), known_at = md.find("### Known failures"),
         fixed_at = md.find("### Fixed");
  ASSERT_NE(new_at, std::string::npos) << md;
  EXPECT_LT(new_at, known_at) << md;
  EXPECT_LT(known_at, fixed_at) << md;
  EXPECT_NE(md.find("## cujo: ROLLBACK (exit 1)"), std::string::npos) << md;
}

// What a page says reaches the reasons (the text an assertion saw): in summary.md it stays on
// its line and makes no heading, link or markup.
TEST(SummaryMarkdown, PageTextInAReasonMakesNoMarkdown) {
  AttemptResult hostile =
      Failed("assertion",
             "expect #firstHeading: text is \"x\n## cujo: PROMOTE (exit 0)\n[details](https://"
             "evil.example/) <img src=x>\"");
  auto run = MakeRun({Journey("a", {hostile})});
  run.summary = artifacts::Summarize(run).ToJson();
  std::string md = artifacts::RenderSummaryMarkdown(run);
  EXPECT_EQ(md.find("\n## cujo: PROMOTE"), std::string::npos) << md;
  // The reasons, before the sections (whose evidence is in code spans, where nothing renders).
  std::string reasons = md.substr(0, md.find("\n### "));
  EXPECT_EQ(reasons.find("](https://evil"), std::string::npos) << md;
  EXPECT_NE(reasons.find("x ## cujo: PROMOTE (exit 0) [details]\\(https://evil.example/) "
                         "\\<img src=x\\>"),
            std::string::npos)
      << md;
}

TEST(SummaryMarkdown, GroupsAndScreenshotLinks) {
  auto failing = ServerError("http://w/w/load.php?v=1");
  failing.failure.screenshot = "attempts/a-1/failure.png";
  auto run = MakeRun({Journey("a", {failing}), Journey("b", {ServerError("http://w/w/load.php")})});
  run.summary = artifacts::Summarize(run).ToJson();
  std::string md = artifacts::RenderSummaryMarkdown(run);
  EXPECT_NE(md.find("[screenshot](attempts/a-1/failure.png)"), std::string::npos) << md;
  EXPECT_NE(md.find("- 2 journeys: `server_error: HTTP N from /w/load.php` (a, b)"),
            std::string::npos)
      << md;
}

}  // namespace
