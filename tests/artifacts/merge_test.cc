// cujo merge and cujo report on synthetic shard outputs: journeys concatenated, artifacts
// copied with their links rewritten, metadata combined, duplicates refused.
#include "artifacts/merge.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "artifacts/report_command.h"
#include "artifacts/results_file.h"
#include "artifacts/slo_policy.h"
#include "cdp/temp_dir.h"
#include "journeys/atomic_file.h"
#include "tests/artifacts/sample_run.h"

namespace {

namespace fs = std::filesystem;

class MergeTest : public ::testing::Test {
 protected:
  // Shard K/3 holds the sample journeys whose index % 3 == K - 1.
  void SetUp() override {
    orchestrator::RunResult sample = cujo_test::SampleRun();
    for (int k = 1; k <= 3; ++k) {
      std::string dir = Shard(k);
      cujo_test::WriteSampleArtifacts(dir);
      orchestrator::RunResult shard = sample;
      shard.run.shard = std::to_string(k) + "/3";
      shard.run.started_at = "2026-11-24T10:00:0" + std::to_string(k) + "Z";
      shard.run.finished_at = "2026-11-24T10:00:3" + std::to_string(k) + "Z";
      shard.journeys.clear();
      for (size_t i = 0; i < sample.journeys.size(); ++i) {
        if (static_cast<int>(i % 3) == k - 1) shard.journeys.push_back(sample.journeys[i]);
      }
      artifacts::WriteResults(dir, shard);
    }
  }
  std::string Shard(int k) const { return dir_.path() + "/shard" + std::to_string(k); }
  std::string Out() const { return dir_.path() + "/merged"; }

  cdp::TempDir dir_{"cujo-merge-test-"};
};

TEST_F(MergeTest, ShardsBecomeOneRunWithWorkingLinks) {
  auto merged = artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, Out());
  std::vector<std::string> names;
  for (const auto& record : merged.journeys) names.push_back(record.name);
  EXPECT_EQ(names, (std::vector<std::string>{"view-article", "not-run", "edit-page", "traffic",
                                             "hostile"}));
  const auto& edit = merged.journeys[2].attempts[0];
  EXPECT_EQ(edit.failure.screenshot, "shard-2-of-3/screenshots/edit-page-a1-failure.png");
  EXPECT_EQ(edit.failure.dom, "shard-2-of-3/dom/edit-page-a1-failure.html");
  EXPECT_EQ(merged.journeys[0].attempts[0].steps[1].screenshot,
            "shard-1-of-3/screenshots/view-article-a1-top.png");
  for (const auto& record : merged.journeys) {
    for (const auto& attempt : record.attempts) {
      for (const std::string* path : {&attempt.failure.screenshot, &attempt.failure.dom}) {
        if (!path->empty()) {
          EXPECT_TRUE(fs::exists(Out() + "/" + *path)) << *path;
        }
      }
    }
  }
  EXPECT_EQ(merged.run.started_at, "2026-11-24T10:00:01Z");
  EXPECT_EQ(merged.run.finished_at, "2026-11-24T10:00:33Z");
  EXPECT_EQ(merged.run.base_url, "http://wiki.test");
  EXPECT_EQ(merged.run.shard, "");
  EXPECT_EQ(merged.summary.value("verdict", ""), "ROLLBACK");
}

TEST_F(MergeTest, RefusesDuplicateJourneysAndMergingIntoAnInput) {
  try {
    artifacts::MergeRuns({Shard(1), Shard(2), Shard(1)}, Out());
    FAIL() << "merged";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("journey view-article is in both"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(artifacts::MergeRuns({Shard(1), Shard(2)}, Shard(2)), std::runtime_error);
}

TEST_F(MergeTest, MergeCommandWritesEveryOutputAndReturnsTheVerdict) {
  std::ostringstream out, err;
  EXPECT_EQ(artifacts::RunMerge({Shard(1), Shard(2), Shard(3)}, Out(), "", "", out, err), 1)
      << err.str();
  for (const char* file : {"results.json", "junit.xml", "report.html", "metrics.prom"}) {
    EXPECT_TRUE(fs::exists(Out() + "/" + file)) << file;
  }
  EXPECT_EQ(artifacts::ReadResults(Out()).journeys.size(), 5u);
  EXPECT_NE(out.str().find("verdict: ROLLBACK (exit 1)"), std::string::npos) << out.str();
}

TEST_F(MergeTest, TheMergedVerdictFollowsTheSloPolicy) {
  // hostile's server_error and edit-page's assertion are what roll the sample back.
  std::string slo = dir_.path() + "/slo.yaml";
  journeys::WriteFileAtomically(slo, "defaults:\n  allow: [assertion, server_error]\n");
  auto merged = artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, Out(), slo);
  EXPECT_NE(merged.summary.value("verdict", ""), "ROLLBACK") << merged.summary.dump();
  journeys::WriteFileAtomically(slo, "defaults:\n  allow: [nonsense]\n");
  try {
    artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, Out(), slo);
    FAIL() << "merged";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("slo.yaml:2:"), std::string::npos) << e.what();
  }
}

TEST_F(MergeTest, ReportCommandRegeneratesOutputsAndSaysWhatIsWrong) {
  std::ostringstream out, err;
  EXPECT_EQ(artifacts::RunReport(Shard(2), "", out, err), 0) << err.str();
  EXPECT_TRUE(fs::exists(Shard(2) + "/report.html"));
  EXPECT_EQ(artifacts::RunReport(dir_.path() + "/nowhere", "", out, err), 3);
  EXPECT_NE(err.str().find("cannot read"), std::string::npos) << err.str();
  // A push that fails is a warning: the outputs were written, the exit code stays 0.
  std::ostringstream push_err;
  EXPECT_EQ(artifacts::RunReport(Shard(2), "http://127.0.0.1:1", out, push_err), 0);
  EXPECT_NE(push_err.str().find("warning: metrics not pushed"), std::string::npos)
      << push_err.str();
  // A summary edited by hand: what was not written is named, and not announced as written.
  auto run = artifacts::ReadResults(Shard(2));
  run.summary["exit_code"] = "x";
  artifacts::WriteResults(Shard(2), run);
  std::ostringstream damaged_out, damaged_err;
  EXPECT_EQ(artifacts::RunReport(Shard(2), "", damaged_out, damaged_err), 3);
  EXPECT_NE(damaged_err.str().find(Shard(2) + "/metrics.prom not written: a value in " + Shard(2) +
                                   "/results.json has the wrong type"),
            std::string::npos)
      << damaged_err.str();
  EXPECT_EQ(damaged_out.str().find("report:"), std::string::npos) << damaged_out.str();
}

// A run killed before it concluded is judged by `cujo report` under the policy file it was
// started with, wherever its journeys are; a policy file since gone is an error naming it.
TEST_F(MergeTest, ReportJudgesAKilledRunUnderThePolicyItWasStartedWith) {
  const std::string killed = dir_.path() + "/killed";
  cujo_test::WriteSampleArtifacts(killed);
  orchestrator::RunResult run = cujo_test::SampleRun();
  run.summary = nlohmann::json::object();
  const std::string slo = dir_.path() + "/gate-slo.yaml";
  journeys::WriteFileAtomically(slo, "defaults:\n  allow: [assertion, server_error]\n");
  run.run.slo_policy = slo;
  artifacts::WriteResults(killed, run);

  std::ostringstream out, err;
  ASSERT_EQ(artifacts::RunReport(killed, "", out, err), 0) << err.str();
  auto summary = artifacts::ReadResults(killed).summary;
  EXPECT_EQ(summary.value("policy", ""), slo) << summary.dump();
  EXPECT_NE(summary.value("verdict", ""), "ROLLBACK") << summary.dump();

  artifacts::WriteResults(killed, run);
  fs::remove(slo);
  EXPECT_EQ(artifacts::RunReport(killed, "", out, err), 3);
  EXPECT_NE(err.str().find(slo + ": error: cannot read the SLO policy file"), std::string::npos)
      << err.str();
}

// A run judged under the built-in defaults is judged under them again, also once a slo.yaml
// lies beside its journeys; a results.json from before the defaults were named ("") still
// means "slo.yaml beside the journeys, else the built-in one".
TEST_F(MergeTest, ARunUnderTheBuiltInDefaultsStaysUnderThem) {
  const std::string journey_dir = dir_.path() + "/journeys";
  fs::create_directories(journey_dir);
  journeys::WriteFileAtomically(journey_dir + "/slo.yaml",
                                "defaults:\n  allow: [assertion, server_error]\n");
  const std::string killed = dir_.path() + "/killed";
  cujo_test::WriteSampleArtifacts(killed);
  orchestrator::RunResult run = cujo_test::SampleRun();
  run.summary = nlohmann::json::object();
  for (auto& record : run.journeys) record.file = journey_dir + "/" + record.name + ".yaml";

  // The run never finished, so it is INCONCLUSIVE either way: the reasons tell the policies
  // apart (the slo.yaml allows the hostile journey's server error).
  auto blames_server_error = [](const nlohmann::json& summary) {
    return summary.dump().find("\"hostile: server_error") != std::string::npos;
  };
  auto judged_under = [&](const std::string& recorded) {
    run.run.slo_policy = recorded;
    artifacts::WriteResults(killed, run);
    std::ostringstream out, err;
    EXPECT_NE(artifacts::RunReport(killed, "", out, err), 3) << err.str();
    return artifacts::ReadResults(killed).summary;
  };
  auto built_in = judged_under(artifacts::kBuiltInPolicy);
  EXPECT_EQ(built_in.value("policy", ""), "built-in defaults") << built_in.dump();
  EXPECT_TRUE(blames_server_error(built_in)) << built_in.dump();
  EXPECT_EQ(artifacts::ReadResults(killed).run.slo_policy, artifacts::kBuiltInPolicy);

  auto legacy = judged_under("");
  EXPECT_EQ(legacy.value("policy", ""), journey_dir + "/slo.yaml") << legacy.dump();
  EXPECT_FALSE(blames_server_error(legacy)) << legacy.dump();

  // Shards under the built-in defaults and under a file: the message names both.
  for (int k : {1, 2}) {
    orchestrator::RunResult shard = artifacts::ReadResults(Shard(k));
    shard.run.slo_policy = k == 1 ? artifacts::kBuiltInPolicy : journey_dir + "/slo.yaml";
    artifacts::WriteResults(Shard(k), shard);
  }
  try {
    artifacts::MergeRuns({Shard(1), Shard(2)}, Out());
    FAIL() << "merged shards judged under different policies";
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("the built-in defaults: " + Shard(1)), std::string::npos) << message;
    EXPECT_NE(message.find("slo.yaml: " + Shard(2)), std::string::npos) << message;
  }
}

// Shards started with one policy file are merged under it unless the merge is given another;
// shards judged under different ones are merged only with --slo.
TEST_F(MergeTest, ShardsAreMergedUnderTheirPolicyOrOneTheGateNames) {
  const std::string slo = dir_.path() + "/gate-slo.yaml";
  journeys::WriteFileAtomically(slo, "defaults:\n  allow: [assertion, server_error]\n");
  for (int k = 1; k <= 3; ++k) {
    orchestrator::RunResult shard = artifacts::ReadResults(Shard(k));
    shard.run.slo_policy = slo;
    artifacts::WriteResults(Shard(k), shard);
  }
  auto merged = artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, Out());
  EXPECT_EQ(merged.run.slo_policy, slo);
  EXPECT_NE(merged.summary.value("verdict", ""), "ROLLBACK") << merged.summary.dump();

  orchestrator::RunResult other = artifacts::ReadResults(Shard(3));
  other.run.slo_policy = dir_.path() + "/other-slo.yaml";
  artifacts::WriteResults(Shard(3), other);
  // Shards judged under different policies: which one judges the merge is the gate's call.
  try {
    artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, dir_.path() + "/merged2");
    FAIL() << "merged shards judged under different policies";
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find(slo + ": " + Shard(1) + ", " + Shard(2)), std::string::npos) << message;
    EXPECT_NE(message.find("other-slo.yaml: " + Shard(3)), std::string::npos) << message;
    EXPECT_NE(message.find("--slo"), std::string::npos) << message;
  }
  merged = artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, dir_.path() + "/merged3", slo);
  EXPECT_EQ(merged.run.slo_policy, slo);
  EXPECT_NE(merged.summary.value("verdict", ""), "ROLLBACK") << merged.summary.dump();
}

// A shard stopped by --max-failures stopped because the build was failing: the merge judges
// its failures as the shard did. A shard killed before it concluded makes the merge inconclusive,
// as `cujo report` on that shard would. Shard 2 is a results.json from before
// stopped_for_failures was written: its stop is told by its reason.
TEST_F(MergeTest, ShardsStoppedForFailuresRollBackAndAKilledShardIsInconclusive) {
  for (int k : {1, 2}) {
    orchestrator::RunResult shard = artifacts::ReadResults(Shard(k));
    shard.run.interrupted = "--max-failures 2 reached";
    shard.run.stopped_for_failures = k == 1;
    artifacts::WriteResults(Shard(k), shard);
  }
  const std::string old_file = Shard(2) + "/results.json";
  nlohmann::json old = nlohmann::json::parse(std::ifstream(old_file));
  old["run"].erase("stopped_for_failures");
  journeys::WriteFileAtomically(old_file, old.dump());
  EXPECT_TRUE(artifacts::ReadResults(Shard(2)).run.stopped_for_failures);

  auto merged = artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, Out());
  EXPECT_EQ(merged.run.interrupted, "--max-failures 2 reached (" + Shard(1) +
                                        "), --max-failures 2 reached (" + Shard(2) + ")");
  EXPECT_TRUE(merged.run.stopped_for_failures);
  EXPECT_EQ(merged.summary.value("verdict", ""), "ROLLBACK") << merged.summary.dump();

  orchestrator::RunResult killed = artifacts::ReadResults(Shard(3));
  killed.summary = nlohmann::json::object();
  artifacts::WriteResults(Shard(3), killed);
  merged = artifacts::MergeRuns({Shard(1), Shard(2), Shard(3)}, dir_.path() + "/merged2");
  EXPECT_EQ(merged.run.interrupted.rfind("the run never finished (killed?) (" + Shard(3) + ")", 0),
            0u)
      << merged.run.interrupted;
  EXPECT_FALSE(merged.run.stopped_for_failures);
  EXPECT_EQ(merged.summary.value("verdict", ""), "INCONCLUSIVE") << merged.summary.dump();
  EXPECT_EQ(merged.summary.value("exit_code", 0), 2);
}

}  // namespace
