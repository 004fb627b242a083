// Process and disk drills: the wiki stopped mid-run (and restarted, or not), cujo itself
// SIGKILLed, the output disk turning read-only mid-run, and a big journey directory with broken
// files. Each drill asserts that the run finishes (or, killed, leaves a readable record), the
// exit code the pipeline acts on, and that no process is left behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cdp/process.h"
#include "cdp/temp_dir.h"
#include "tests/integration/cujo_process.h"
#include "tests/integration/journey_fixture.h"
#include "tests/support/wiki_env.h"

namespace {

using cujo_test::AwaitFile;
using cujo_test::CujoProcess;
using cujo_test::CujoRun;
using cujo_test::ExpectNothingLeft;
using cujo_test::ReadRun;
using std::chrono::seconds;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

// Runs one of the ci/ scripts to completion; its exit code (-1 after two minutes).
int RunScript(const std::vector<std::string>& args) {
  cdp::ProcessSpec spec;
  spec.executable = "/bin/bash";
  spec.args = args;
  auto script = cdp::ChildProcess::Spawn(spec);
  auto status = script->WaitForExit(std::chrono::minutes(2));
  EXPECT_TRUE(status && status->code == 0 && status->signal == 0)
      << args[0] << (status ? " " + status->Describe() : " did not finish") << "\n"
      << script->OutputTail();
  return status ? status->code : -1;
}

// The drills' own wiki (ctest fixture `drill_wiki`): stopping the shared one would break the
// tests running beside these. Restarted on destruction if a test stopped it.
class DrillWiki {
 public:
  DrillWiki() {
    auto env = cujo::test::ReadEnvFile(DRILL_WIKI_DIR "/wiki.env");
    if (env) url_ = (*env)["CUJO_WIKI_URL"];
  }
  ~DrillWiki() {
    if (stopped_) Start();
  }
  const std::string& url() const { return url_; }
  void Stop() {
    stopped_ = true;
    RunScript({std::string(CI_DIR) + "/wiki-down.sh", "--data-dir", DRILL_WIKI_DIR});
  }
  void Start() {
    stopped_ = false;
    RunScript({std::string(CI_DIR) + "/wiki-up.sh", "--data-dir", DRILL_WIKI_DIR, "--port",
               DRILL_WIKI_PORT});
  }

 private:
  std::string url_;
  bool stopped_ = false;
};

int FailedAttempts(const orchestrator::RunResult& result) {
  int failed = 0;
  for (const auto& journey : result.journeys) {
    for (const auto& attempt : journey.attempts) {
      failed += attempt.outcome == journeys::Outcome::kFailed;
    }
  }
  return failed;
}

TEST(ProcessDrill, WikiStoppedAndRestartedMidRunIsWaitedForAndPromotes) {
  DrillWiki wiki;
  ASSERT_FALSE(wiki.url().empty()) << "the drill wiki is not up (ctest fixture `drill_wiki`)";
  // A retry, as a gate would run it: the restarted wiki's first pages can be slow (cold PHP
  // and caches) on a loaded CI machine.
  CujoRun run({"--tier", "quick", "--repeat", "2", "--outage-grace", "90s", "--retries", "1"},
              wiki.url());
  ASSERT_TRUE(run.cujo.WaitForOutput(" PASS ", seconds(60))) << run.cujo.Output();
  wiki.Stop();
  ASSERT_TRUE(run.cujo.WaitForOutput("waiting up to", seconds(60))) << run.cujo.Output();
  wiki.Start();
  EXPECT_EQ(run.cujo.Wait(), 0) << run.cujo.Output();
  const auto result = ReadRun(run.out);
  EXPECT_EQ(result.summary.value("verdict", ""), "PROMOTE") << result.summary.dump(2);
  EXPECT_GE(FailedAttempts(result), 1) << "no attempt met the outage";
  for (const auto& journey : result.journeys) {
    ASSERT_FALSE(journey.attempts.empty()) << journey.name;
    EXPECT_EQ(journey.attempts.back().outcome, journeys::Outcome::kPassed) << journey.name;
  }
  ExpectNothingLeft(run.cujo);
}

TEST(ProcessDrill, WikiThatStaysDownStopsTheRunAsInconclusive) {
  DrillWiki wiki;
  ASSERT_FALSE(wiki.url().empty()) << "the drill wiki is not up (ctest fixture `drill_wiki`)";
  CujoRun run({"--tier", "quick", "--repeat", "2", "--outage-grace", "2s"}, wiki.url());
  ASSERT_TRUE(run.cujo.WaitForOutput(" PASS ", seconds(60))) << run.cujo.Output();
  wiki.Stop();
  EXPECT_EQ(run.cujo.Wait(), 2) << run.cujo.Output();
  const auto result = ReadRun(run.out);
  EXPECT_EQ(result.run.interrupted.rfind("target unreachable: ", 0), 0u) << result.run.interrupted;
  EXPECT_EQ(result.summary.value("verdict", ""), "INCONCLUSIVE");
  // What finished before the outage is kept.
  EXPECT_GE(result.journeys.size(), 1u);
  EXPECT_EQ(result.journeys[0].attempts.front().outcome, journeys::Outcome::kPassed);
  ExpectNothingLeft(run.cujo);
}

TEST(ProcessDrill, CujoSigkilledLeavesNoBrowserAReadableRecordAndTheNextRunStartsClean) {
  CujoRun killed({"--browsers", "2"});
  ASSERT_TRUE(killed.cujo.WaitForOutput(" PASS ", seconds(60))) << killed.cujo.Output();
  // results.json is rewritten every two seconds while attempts finish.
  const std::string results = killed.out + "/results.json";
  ASSERT_TRUE(AwaitFile(results, seconds(60))) << killed.cujo.Output();
  kill(killed.cujo.pid(), SIGKILL);
  EXPECT_EQ(killed.cujo.Wait(seconds(10)), 128 + SIGKILL);
  // The kernel takes the browsers down with cujo (PR_SET_PDEATHSIG): give it a moment.
  EXPECT_TRUE(killed.cujo.AwaitNoLeftovers(seconds(10)));
  ExpectNothingLeft(killed.cujo);
  // Written atomically: always whole, with what had finished.
  const auto record = nlohmann::json::parse(ReadFile(results), nullptr, false);
  ASSERT_FALSE(record.is_discarded()) << ReadFile(results).substr(0, 2000);
  int passed = 0;
  for (const auto& journey : ReadRun(killed.out).journeys) {
    for (const auto& attempt : journey.attempts)
      passed += attempt.outcome == journeys::Outcome::kPassed;
  }
  EXPECT_GE(passed, 1);
  // The journal has every attempt cujo had reported, whole, one a line.
  std::istringstream journal(ReadFile(killed.out + "/attempts.jsonl"));
  size_t journaled = 0;
  for (std::string line; std::getline(journal, line); ++journaled) {
    EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded()) << line;
  }
  EXPECT_GE(journaled,
            Count(killed.cujo.Output(), " PASS ") + Count(killed.cujo.Output(), " FAIL "))
      << killed.cujo.Output();
  // `cujo report` makes the whole record of it: every journaled attempt, judged, marked as
  // interrupted.
  CujoProcess report({"report", killed.out});
  EXPECT_EQ(report.Wait(), 0) << report.Output();
  EXPECT_NE(report.Output().find("never finished"), std::string::npos) << report.Output();
  const auto recovered = ReadRun(killed.out);
  size_t attempts = 0;
  for (const auto& journey : recovered.journeys) attempts += journey.attempts.size();
  EXPECT_EQ(attempts, journaled);
  EXPECT_FALSE(recovered.run.interrupted.empty());
  EXPECT_FALSE(recovered.summary.value("verdict", "").empty()) << recovered.summary.dump(2);
  EXPECT_TRUE(std::filesystem::exists(killed.out + "/report.html"));

  CujoRun next({"--grep", "^(view-main-page|view-article)$"});
  EXPECT_EQ(next.cujo.Wait(), 0) << next.cujo.Output();
  ExpectNothingLeft(next.cujo);
}

// Kubernetes runs `exec cujo run` as PID 1 of the pod (ci/deploy/k8s-indexed-job.yaml). The
// orphans of every browser then come to cujo (two per browser closed stayed zombies for the
// rest of the run), and the kernel gives PID 1 no default action for a signal: cujo reaps
// them, and the pod's SIGTERM stops the run as anywhere else.
TEST(ProcessDrill, AsPid1OfAContainerCujoReapsItsBrowsersAndStopsOnSigterm) {
  if (std::system("/usr/bin/unshare --pid --fork --mount-proc /bin/true >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no PID namespace can be made here (unshare --pid needs CAP_SYS_ADMIN)";
  }
  CujoRun run({"--duration", "300s", "--recycle-after", "1", "--grep", "^view-"}, "",
              CujoRun::BundledJourneysDir(),
              {"/usr/bin/unshare", "--pid", "--fork", "--mount-proc"});
  // Four journeys, each on a browser of its own: three browsers closed by now.
  ASSERT_TRUE(run.cujo.WaitForOutput("[4] ", seconds(120))) << run.cujo.Output();
  const std::string children = cujo_test::ReadProcFile(
      run.cujo.pid(), "task/" + std::to_string(run.cujo.pid()) + "/children");
  const pid_t cujo = std::atoi(children.c_str());  // unshare's only child
  ASSERT_GT(cujo, 0) << "unshare has no child";
  // A zombie still there two journeys later is one nobody reaps (cujo reaps its browsers'
  // within milliseconds of killing them).
  std::vector<pid_t> before = cujo_test::ZombieChildren(cujo);
  ASSERT_TRUE(run.cujo.WaitForOutput("[6] ", seconds(120))) << run.cujo.Output();
  std::vector<pid_t> after = cujo_test::ZombieChildren(cujo);
  std::vector<pid_t> stayed;
  for (pid_t pid : before) {
    if (std::find(after.begin(), after.end(), pid) != after.end()) stayed.push_back(pid);
  }
  EXPECT_EQ(stayed, std::vector<pid_t>{}) << "zombie children of cujo (PID 1) nobody reaps";
  kill(cujo, SIGTERM);
  EXPECT_EQ(run.cujo.Wait(seconds(60)), 2) << run.cujo.Output();
  EXPECT_NE(run.cujo.Output().find("verdict: "), std::string::npos) << run.cujo.Output();
  ExpectNothingLeft(run.cujo);
}

// A tmpfs of the test's own, turned read-only mid-run: the disk of --out failing under cujo.
class ScratchDisk {
 public:
  explicit ScratchDisk(const std::string& path) : path_(path) {
    std::filesystem::create_directories(path_);
    if (mount("cujo-drill", path_.c_str(), "tmpfs", 0, "size=256m") == 0) {
      mounted_ = true;
    } else {
      error_ = strerror(errno);
    }
  }
  ~ScratchDisk() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  // The kernel refuses the remount (EBUSY) while a file on it is open for writing; cujo
  // writes in short bursts, so keep trying until one has ended.
  bool MakeReadOnly(std::chrono::milliseconds patience) {
    auto give_up = std::chrono::steady_clock::now() + patience;
    while (mount(nullptr, path_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
      if (errno != EBUSY || std::chrono::steady_clock::now() > give_up) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

 private:
  std::string path_;
  bool mounted_ = false;
  std::string error_;
};

TEST(ProcessDrill, OutDiskTurningReadOnlyMidRunIsAClearErrorNotACrash) {
  cdp::TempDir tmp("cujo-drill-disk-");
  ScratchDisk disk(tmp.path() + "/disk");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
  const std::string policy = tmp.path() + "/no-budgets.yaml";
  std::ofstream(policy) << "defaults: {max_failure_rate: 0}\n";
  const std::string out = tmp.path() + "/disk/out";
  CujoProcess cujo({"run", CujoRun::BundledJourneysDir(), "--tier", "quick", "--base-url",
                    cujo_test::Wiki().url, "--out", out, "--slo", policy});
  ASSERT_TRUE(cujo.WaitForOutput(" PASS ", seconds(60))) << cujo.Output();
  ASSERT_TRUE(disk.MakeReadOnly(seconds(10))) << strerror(errno);
  int code = cujo.Wait();
  EXPECT_EQ(code, 2) << cujo.Output();
  EXPECT_NE(cujo.Output().find("Read-only file system"), std::string::npos) << cujo.Output();
  // The verdict still reaches the log, though results.json could not be written.
  EXPECT_NE(cujo.Output().find("verdict: "), std::string::npos) << cujo.Output();
  ExpectNothingLeft(cujo);
}

const char kBinary[] =
    "\x7f"
    "ELF\x02\x01\x01\0\0\0\xff\xfe";

// 190 journeys that are fine and 10 broken in different ways, in one directory.
TEST(ProcessDrill, TwoHundredJourneyFilesWithTenBrokenAreAllReportedAndNothingRuns) {
  cdp::TempDir dir("cujo-drill-journeys-");
  const std::string good = ReadFile(CujoRun::BundledJourneysDir() + "/view-main-page.yaml");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.path() + "/" + name) << text;
  };
  for (int i = 0; i < 190; ++i) {
    std::string text = good;
    text.replace(text.find("name: view-main-page"), 20, "name: drill-" + std::to_string(i));
    write("drill-" + std::to_string(i) + ".yaml", text);
  }
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"unknown-step.yaml", "name: b1\nsteps:\n  - gotoo: /wiki/Main_Page\n"},
      {"bad-yaml.yaml", "name: [b2\nsteps: []\n"},
      {"no-name.yaml", "steps:\n  - goto: /wiki/Main_Page\n"},
      {"duplicate-name.yaml", "name: drill-7\nsteps:\n  - goto: /wiki/Main_Page\n"},
      {"bad-timeout.yaml", "name: b5\ntimeout: 5 parsecs\nsteps:\n  - goto: /\n"},
      {"bad-regex.yaml", "name: b6\nsteps:\n  - expect: {url_matches: \"(\"}\n"},
      {"empty.yaml", ""},
      {"bad-tier.yaml", "name: b8\ntier: medium\nsteps:\n  - goto: /\n"},
      {"unknown-variable.yaml", "name: b9\nsteps:\n  - goto: /wiki/${vars.nope}\n"},
      {"binary.yaml", std::string(kBinary, sizeof kBinary - 1)},
  };
  for (const auto& [name, text] : broken) write(name, text);

  CujoProcess validate({"validate", dir.path()});
  EXPECT_EQ(validate.Wait(), 3) << validate.Output();
  const std::string report = validate.Output();
  for (const auto& [name, text] : broken) {
    EXPECT_NE(report.find(dir.path() + "/" + name + ":"), std::string::npos)
        << name << " not reported:\n"
        << report;
  }
  EXPECT_NE(report.find("of 200 files"), std::string::npos) << report;

  CujoProcess run(
      {"run", dir.path(), "--base-url", cujo_test::Wiki().url, "--out", dir.path() + "/out"});
  EXPECT_EQ(run.Wait(), 3) << run.Output();
  EXPECT_NE(run.Output().find("nothing was run"), std::string::npos) << run.Output();
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/out/results.json"));
  ExpectNothingLeft(run);

  // Without the broken ten, all 190 are valid: no false alarms.
  for (const auto& [name, text] : broken) std::filesystem::remove(dir.path() + "/" + name);
  CujoProcess revalidate({"validate", dir.path()});
  EXPECT_EQ(revalidate.Wait(), 0) << revalidate.Output();
}

}  // namespace
