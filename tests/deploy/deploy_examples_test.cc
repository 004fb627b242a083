// The deployment examples under ci/deploy/ are documentation people copy: they must parse, and
// every cujo command in them must be one the built cujo accepts (checked with --list, which
// validates flags and journeys without starting a browser).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>

#include "cdp/process.h"
#include "cdp/temp_dir.h"

namespace {

struct Outcome {
  int code = -1;
  std::string output;
};

// `command` run by bash with `env`, with the paths of the examples replaced by this build's.
Outcome RunShell(std::string command, std::vector<std::pair<std::string, std::string>> env) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t at = command.find(from); at != std::string::npos;
         at = command.find(from, at + to.size())) {
      command.replace(at, from.size(), to);
    }
  };
  replace("/srv/deployment/cujo/ci/deploy/scap-check.sh", SOURCE_DIR "/ci/deploy/scap-check.sh");
  replace("/opt/cujo/journeys", SOURCE_DIR "/journeys");
  replace("build/orchestrator/cujo", CUJO_BINARY);
  replace("CUJO_BIN=/usr/bin/cujo", std::string("CUJO_BIN=") + CUJO_BINARY);
  replace("exec cujo ", std::string("exec ") + CUJO_BINARY + " ");
  cdp::ProcessSpec spec;
  spec.executable = "/bin/bash";
  spec.args = {"-c", "cd " SOURCE_DIR " && " + command};
  spec.env = std::move(env);
  auto process = cdp::ChildProcess::Spawn(spec);
  auto status = process->WaitForExit(std::chrono::minutes(1));
  process->WaitForOutputEnd(std::chrono::seconds(5));
  Outcome outcome;
  outcome.code = status && status->signal == 0 ? status->code : -1;
  outcome.output = process->OutputTail();
  return outcome;
}

std::set<std::string> ListedJourneys(const std::string& output) {
  std::set<std::string> names;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find('\t') != std::string::npos) names.insert(line.substr(0, line.find('\t')));
  }
  return names;
}

const std::string kBaseUrl = "http://wiki.example.test:8080";

TEST(DeployExamples, ScapChecksRunTheQuickTierWithinScapsTimeout) {
  YAML::Node checks = YAML::LoadFile(SOURCE_DIR "/ci/deploy/scap-checks.yaml")["checks"];
  ASSERT_TRUE(checks.IsMap());
  ASSERT_GE(checks.size(), 1u);
  for (const auto& check : checks) {
    std::string name = check.first.as<std::string>();
    EXPECT_EQ(check.second["type"].as<std::string>(), "command") << name;
    EXPECT_LE(check.second["timeout"].as<int>(), 120) << name;
    cdp::TempDir out("cujo-deploy-test-");
    Outcome run = RunShell(check.second["command"].as<std::string>(),
                           {{"CUJO_EXTRA_ARGS", "--list"}, {"CUJO_OUT", out.path()}});
    EXPECT_EQ(run.code, 0) << name << ":\n" << run.output;
    std::set<std::string> listed = ListedJourneys(run.output);
    EXPECT_TRUE(listed.count("view-main-page")) << name << ":\n" << run.output;
    EXPECT_FALSE(listed.count("edit-page")) << name << ": the slow tier has no place in scap";
  }
}

TEST(DeployExamples, NightlyGitlabJobIsAValidFullRun) {
  YAML::Node job = YAML::LoadFile(SOURCE_DIR "/ci/deploy/gitlab-ci.yml")["cujo-nightly"];
  ASSERT_TRUE(job.IsMap());
  EXPECT_EQ(job["artifacts"]["reports"]["junit"].as<std::string>(),
            "cujo-results/nightly/junit.xml");
  std::string command = job["script"][0].as<std::string>();
  ASSERT_NE(command.find("cujo run"), std::string::npos);
  Outcome run = RunShell(command + " --list", {{"CUJO_BASE_URL", kBaseUrl}});
  EXPECT_EQ(run.code, 0) << run.output;
  EXPECT_TRUE(ListedJourneys(run.output).count("edit-page")) << run.output;
}

TEST(DeployExamples, IndexedJobShardsCoverEveryJourneyAndMergeReadsThem) {
  std::vector<YAML::Node> documents =
      YAML::LoadAllFromFile(SOURCE_DIR "/ci/deploy/k8s-indexed-job.yaml");
  ASSERT_EQ(documents.size(), 2u);
  YAML::Node shards = documents[0]["spec"];
  EXPECT_EQ(shards["completionMode"].as<std::string>(), "Indexed");
  int count = shards["completions"].as<int>();
  YAML::Node container = shards["template"]["spec"]["containers"][0];
  std::string command = container["args"][0].as<std::string>();
  std::multiset<std::string> covered;
  for (int index = 0; index < count; ++index) {
    Outcome run = RunShell(command + " --list", {{"CUJO_BASE_URL", kBaseUrl},
                                                 {"SHARDS", std::to_string(count)},
                                                 {"JOB_COMPLETION_INDEX", std::to_string(index)}});
    EXPECT_EQ(run.code, 0) << run.output;
    for (const auto& name : ListedJourneys(run.output)) covered.insert(name);
  }
  Outcome all = RunShell("exec cujo list journeys/mediawiki", {});
  std::set<std::string> every = ListedJourneys(all.output);
  EXPECT_EQ(covered, std::multiset<std::string>(every.begin(), every.end()));

  std::string merge =
      documents[1]["spec"]["template"]["spec"]["containers"][0]["args"][0].as<std::string>();
  for (int shard = 1; shard <= count; ++shard) {
    EXPECT_NE(merge.find("/results/shard-" + std::to_string(shard)), std::string::npos) << merge;
  }
  EXPECT_NE(merge.find("cujo merge"), std::string::npos) << merge;
}

}  // namespace
