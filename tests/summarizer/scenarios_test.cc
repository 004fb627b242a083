// The labelled scenario set and the gate, for real: the built `cujo` against the local wiki
// through the fault proxy, each scenario's failure classified as labelled. Prints the confusion
// table (expected vs got). Several scenarios share one cujo run to keep the test short.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/integration/cujo_process.h"
#include "tests/integration/fault_proxy_client.h"
#include "tests/integration/journey_fixture.h"

namespace {

using cujo_test::CujoProcess;
using nlohmann::json;

const std::string kFixtures = SUMMARIZER_FIXTURES;

using cujo_test::FaultProxyControl;
using cujo_test::FaultProxySaw;
using cujo_test::FaultProxyUrl;
using cujo_test::FaultRules;

// `cujo ARGS... --out OUT` with OUT in a directory of its own, kept for --baseline.
struct Cujo {
  explicit Cujo(std::vector<std::string> args) : out(tmp.path() + "/out") {
    args.insert(args.end(), {"--out", out});
    process = std::make_unique<CujoProcess>(args);
  }
  int Wait() { return process->Wait(std::chrono::minutes(10)); }
  // The run's results; an empty run (and a failure showing cujo's output) when it left none.
  orchestrator::RunResult Result() const {
    try {
      return cujo_test::ReadRun(out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what() << "\n" << process->Output();
      return {};
    }
  }
  cdp::TempDir tmp{"cujo-summarizer-"};
  std::string out;
  std::unique_ptr<CujoProcess> process;
};

std::vector<std::string> RunArgs(const std::string& journeys, const std::string& base_url,
                                 std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run", journeys, "--base-url", base_url};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

const json* JourneyIn(const json& summary, const std::string& name) {
  auto list = summary.find("journeys");
  if (list == summary.end()) return nullptr;
  for (const auto& journey : *list) {
    if (journey.value("name", "") == name) return &journey;
  }
  return nullptr;
}

// The class the summarizer gave: "flaky" for a journey a retry recovered when that is what
// was labelled; otherwise its first failure's class; else its status.
std::string Got(const json& summary, const std::string& name, const std::string& expected) {
  const json* journey = JourneyIn(summary, name);
  if (!journey) return "(missing)";
  std::string status = journey->value("status", "");
  if (expected == "flaky" || status == "not_run") return status;
  const json& failures = (*journey)["failures"];
  return failures.empty() ? status : failures[0].value("class", "");
}

struct Row {
  std::string scenario, expected, got, evidence;
};

std::string Evidence(const json& summary, const std::string& name) {
  const json* journey = JourneyIn(summary, name);
  if (!journey || (*journey)["failures"].empty()) return "";
  return (*journey)["failures"][0]["evidence"][0].get<std::string>();
}

void PrintTable(const std::vector<Row>& rows) {
  std::cout << "\nconfusion table (scenario | expected | got | evidence)\n";
  std::map<std::pair<std::string, std::string>, int> matrix;
  for (const auto& row : rows) {
    std::cout << std::left << std::setw(26) << row.scenario << std::setw(14) << row.expected
              << std::setw(14) << row.got << (row.expected == row.got ? "ok   " : "WRONG ")
              << row.evidence.substr(0, 100) << "\n";
    ++matrix[{row.expected, row.got}];
  }
  std::cout << "\nexpected -> got: count\n";
  for (const auto& [cell, count] : matrix) {
    std::cout << "  " << cell.first << " -> " << cell.second << ": " << count << "\n";
  }
}

TEST(Scenarios, EachIsClassifiedAsLabelled) {
  std::vector<Row> rows;
  {
    SCOPED_TRACE("the scenario run");
    FaultRules faults({"mode=exception&path=Fenlark", "mode=dberror&path=Tarnwater",
                       "mode=fatal&path=Dunmorrow", "mode=slow&ms=6000&path=Lanthorn_Quay",
                       "mode=status&status=503&count=1&path=Brannockfold"});
    Cujo run(RunArgs(
        kFixtures + "/scenarios", FaultProxyUrl(),
        {"--slo", kFixtures + "/scenarios-slo.yaml", "--step-timeout", "3s", "--browsers", "2"}));
    EXPECT_EQ(run.Wait(), 1) << run.process->Output();
    const json summary = run.Result().summary;
    const std::pair<const char*, const char*> labelled[] = {
        {"scenario-wrong-text", "assertion"},       {"scenario-exception-page", "server_error"},
        {"scenario-dberror-page", "server_error"},  {"scenario-fatal-page", "server_error"},
        {"scenario-script-throws", "client_error"}, {"scenario-slow-page", "slow"},
        {"scenario-never-appears", "timeout"},      {"scenario-flaky", "flaky"}};
    for (const auto& [name, expected] : labelled) {
      rows.push_back({name, expected, Got(summary, name, expected), Evidence(summary, name)});
    }
    EXPECT_EQ(summary.value("verdict", ""), "ROLLBACK");
  }
  {
    // The article takes 5 s to arrive: the browser is SIGKILLed while it waits.
    SCOPED_TRACE("the browser SIGKILL run");
    FaultRules faults({"mode=slow&ms=5000&count=1&path=Orrin_Cross"});
    Cujo run(RunArgs(kFixtures + "/gate/gate-article.yaml", FaultProxyUrl()));
    EXPECT_TRUE(FaultProxySaw("Orrin_Cross", std::chrono::seconds(60))) << run.process->Output();
    auto browsers = run.process->Browsers();
    EXPECT_EQ(browsers.size(), 1u);
    for (pid_t browser : browsers) kill(browser, SIGKILL);
    run.Wait();
    const json summary = run.Result().summary;
    const json* journey = JourneyIn(summary, "gate-article");
    std::string got = journey && !(*journey)["failures"].empty()
                          ? (*journey)["failures"][0].value("class", "")
                          : "(none)";
    rows.push_back({"browser-sigkilled", "infra", got, Evidence(summary, "gate-article")});
  }
  {
    SCOPED_TRACE("the closed port run");
    Cujo run(RunArgs(kFixtures + "/gate",
                     "http://127.0.0.1:" + std::to_string(cujo_test::UnusedLoopbackPort())));
    int code = run.Wait();
    const auto result = run.Result();
    // No attempt could start: the run itself says why, and every journey is not_run.
    bool unreachable = result.run.interrupted.rfind("target unreachable", 0) == 0;
    rows.push_back({"target-port-closed", "infra/2",
                    std::string(unreachable ? "infra" : "?") + "/" + std::to_string(code),
                    result.run.interrupted});
    EXPECT_EQ(result.summary.value("verdict", ""), "INCONCLUSIVE");
  }
  for (const char* command : {"validate", "run"}) {
    std::vector<std::string> args = {command, kFixtures + "/invalid/broken.yaml"};
    if (std::string(command) == "run") args.insert(args.end(), {"--base-url", FaultProxyUrl()});
    CujoProcess cujo(args);
    int code = cujo.Wait();
    std::string output = cujo.Output();
    std::string first = output.substr(0, output.find('\n'));
    rows.push_back({std::string("invalid-journey (") + command + ")", "config",
                    code == 3 ? "config" : "exit " + std::to_string(code), first});
  }
  PrintTable(rows);
  for (const auto& row : rows) EXPECT_EQ(row.got, row.expected) << row.scenario;
}

// The gate over three runs of two healthy journeys: clean, one server error, then against
// baselines.
TEST(Gate, PromoteRollbackAndBaselineLabels) {
  const std::string gate = kFixtures + "/gate";
  {
    FaultRules none;
    Cujo clean(RunArgs(gate, FaultProxyUrl()));
    EXPECT_EQ(clean.Wait(), 0) << clean.process->Output();
    EXPECT_EQ(clean.Result().summary.value("verdict", ""), "PROMOTE");
    EXPECT_NE(clean.process->Output().find("verdict: PROMOTE (exit 0)"), std::string::npos);
  }
  FaultRules main_page_fails({"mode=exception&path=Main_Page"});
  Cujo first(RunArgs(gate, FaultProxyUrl()));
  EXPECT_EQ(first.Wait(), 1) << first.process->Output();
  json summary = first.Result().summary;
  EXPECT_EQ(summary.value("verdict", ""), "ROLLBACK");
  ASSERT_EQ(summary["reasons"].size(), 1u) << summary.dump(2);
  EXPECT_EQ(
      summary["reasons"][0].get<std::string>().rfind("gate-main-page: server_error: HTTP 500", 0),
      0u)
      << summary["reasons"][0];

  // Both fail now: the main page as before (known), the article for the first time (new).
  FaultProxyControl("add?mode=dberror&path=Orrin_Cross");
  Cujo second(RunArgs(gate, FaultProxyUrl(), {"--baseline", first.out}));
  EXPECT_EQ(second.Wait(), 1) << second.process->Output();
  summary = second.Result().summary;
  EXPECT_EQ(summary["baseline"]["known"], json({"gate-main-page"})) << summary.dump(2);
  EXPECT_EQ(summary["baseline"]["new"], json({"gate-article"})) << summary.dump(2);
  EXPECT_EQ(summary["reasons"][0].get<std::string>().rfind("[new] gate-article", 0), 0u);
  EXPECT_NE(second.process->Output().find("1 new, 1 known, 0 fixed"), std::string::npos)
      << second.process->Output();

  // The main page is healthy again (fixed); the article still fails (known).
  FaultProxyControl("set?mode=dberror&path=Orrin_Cross");
  Cujo third(RunArgs(gate, FaultProxyUrl(), {"--baseline", second.out}));
  EXPECT_EQ(third.Wait(), 1) << third.process->Output();
  summary = third.Result().summary;
  EXPECT_EQ(summary["baseline"]["fixed"], json({"gate-main-page"})) << summary.dump(2);
  EXPECT_EQ(summary["baseline"]["known"], json({"gate-article"})) << summary.dump(2);
  EXPECT_EQ(summary["baseline"]["new"], json::array());
  std::ifstream md(third.out + "/summary.md");
  std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("### Fixed since the baseline"), std::string::npos) << text;
}

}  // namespace
