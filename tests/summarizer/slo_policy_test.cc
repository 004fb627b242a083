// The SLO policy parser: every field, the journey > tier > defaults overlay, errors located at
// file:line:col like journey errors, and where a run finds its policy.
#include <gtest/gtest.h>

#include <fstream>

#include "artifacts/slo_policy.h"
#include "cdp/temp_dir.h"

namespace {

using artifacts::FailureClass;
using artifacts::ParseSloPolicy;

TEST(SloPolicy, ReadsEveryFieldAndOverlaysJourneyOnTierOnDefaults) {
  auto parsed = ParseSloPolicy(R"(defaults:
  max_failure_rate: 0.02
  max_infra_rate: 0.2
  min_attempts: 3
  allow: [slow]
  duration: {p50: 10s, p95: 20s}
tiers:
  quick:
    duration: {p95: 5s}
journeys:
  view-article:
    max_failure_rate: 0
    allow: []
    steps:
      "goto /wiki/X": {p95: 1500ms}
      load: {p50: 1s}
)",
                               "slo.yaml");
  ASSERT_TRUE(parsed.policy) << parsed.errors.front().ToString();
  auto other = parsed.policy->For("search", "slow");
  EXPECT_DOUBLE_EQ(other.max_failure_rate, 0.02);
  EXPECT_DOUBLE_EQ(other.max_infra_rate, 0.2);
  EXPECT_EQ(other.min_attempts, 3);
  EXPECT_EQ(other.allow, std::set<FailureClass>{FailureClass::kSlow});
  EXPECT_EQ(*other.duration.p50_ms, 10000);
  EXPECT_EQ(*other.duration.p95_ms, 20000);
  auto quick = parsed.policy->For("search", "quick");
  EXPECT_EQ(*quick.duration.p50_ms, 10000);
  EXPECT_EQ(*quick.duration.p95_ms, 5000);
  auto article = parsed.policy->For("view-article", "quick");
  EXPECT_DOUBLE_EQ(article.max_failure_rate, 0);
  EXPECT_TRUE(article.allow.empty());
  EXPECT_EQ(*article.duration.p95_ms, 5000);
  EXPECT_EQ(*article.steps.at("goto /wiki/X").p95_ms, 1500);
  EXPECT_EQ(*article.steps.at("load").p50_ms, 1000);
  EXPECT_FALSE(article.steps.at("load").p95_ms);
}

TEST(SloPolicy, BuiltInDefaultsRollBackOnAnyProductFailureAndHaveNoBudgets) {
  auto rule = artifacts::SloPolicy{}.For("any", "quick");
  EXPECT_DOUBLE_EQ(rule.max_failure_rate, 0);
  EXPECT_EQ(rule.min_attempts, 1);
  EXPECT_TRUE(rule.allow.empty());
  EXPECT_FALSE(rule.duration.p95_ms);
}

std::vector<std::string> Errors(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& error : ParseSloPolicy(text, "slo.yaml").errors) out.push_back(error.ToString());
  return out;
}

TEST(SloPolicy, ErrorsAreLocatedAndAllReported) {
  auto errors = Errors(
      "defaults:\n"
      "  max_failure_rate: 1.5\n"
      "  allow: [slow, infra]\n"
      "  duraton: {p95: 1s}\n"
      "journeys:\n"
      "  a:\n"
      "    duration: {p50: 2s, p95: 1s, p99: 3s}\n"
      "    min_attempts: many\n");
  ASSERT_EQ(errors.size(), 6u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("slo.yaml:2:21: error: `max_failure_rate` must be a fraction"),
            std::string::npos)
      << errors[0];
  EXPECT_NE(errors[1].find("slo.yaml:3:17: error: unknown failure class `infra`"),
            std::string::npos)
      << errors[1];
  EXPECT_NE(errors[2].find("slo.yaml:4:3: error: unknown key `duraton`"), std::string::npos)
      << errors[2];
  EXPECT_NE(errors[2].find("duration"), std::string::npos) << "did you mean: " << errors[2];
  EXPECT_NE(errors[3].find("slo.yaml:7:34: error: unknown key `p99`"), std::string::npos)
      << errors[3];
  EXPECT_NE(errors[4].find("slo.yaml:7:15: error: the p50 budget is larger"), std::string::npos)
      << errors[4];
  EXPECT_NE(errors[5].find("slo.yaml:8:19: error: `min_attempts` must be"), std::string::npos)
      << errors[5];
}

TEST(SloPolicy, InvalidYamlAndWrongShapesAreErrorsNotThrows) {
  EXPECT_NE(Errors("defaults: [\n")[0].find("slo.yaml:"), std::string::npos);
  EXPECT_NE(Errors("- a\n- b\n")[0].find("must be a map"), std::string::npos);
  EXPECT_NE(Errors("tiers: {quick: 3}\n")[0].find("slo.yaml:1:16"), std::string::npos);
  EXPECT_NE(Errors("budgets: {}\n")[0].find("unknown key `budgets` in the policy"),
            std::string::npos);
  // What is wrong with the whole file is said of a policy, not of a journey.
  EXPECT_EQ(Errors("")[0],
            "slo.yaml:1:1: error: the file is empty (hint: a policy holds `defaults`, `tiers` or "
            "`journeys`)");
  EXPECT_EQ(Errors("tiers: {}\n---\ntiers: {}\n")[0],
            "slo.yaml:2:1: error: a second YAML document in the file (hint: one SLO policy per "
            "file)");
  // A misspelt tier would leave that tier's journeys to the defaults without a word.
  auto tier = Errors("tiers:\n  quik: {max_failure_rate: 0}\n");
  ASSERT_EQ(tier.size(), 1u) << ::testing::PrintToString(tier);
  EXPECT_NE(tier[0].find("slo.yaml:2:3: error: unknown key `quik` in `tiers`"), std::string::npos)
      << tier[0];
  EXPECT_NE(tier[0].find("`quick`"), std::string::npos) << "did you mean: " << tier[0];
}

TEST(SloPolicy, FoundBesideTheJourneysOrGivenOrBuiltIn) {
  cdp::TempDir dir("cujo-slo-test-");
  std::vector<journeys::Diagnostic> errors;
  auto none = artifacts::LoadSloPolicy("", {dir.path()}, errors);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->Source(), "built-in defaults");
  EXPECT_EQ(none->Recorded(), artifacts::kBuiltInPolicy);
  std::ofstream(dir.path() + "/slo.yaml") << "defaults: {max_failure_rate: 0.5}\n";
  std::ofstream(dir.path() + "/j.yaml") << "name: j\n";
  for (const std::string& path : {dir.path(), dir.path() + "/j.yaml"}) {
    auto beside = artifacts::LoadSloPolicy("", {path}, errors);
    ASSERT_TRUE(beside) << path;
    EXPECT_EQ(beside->Source(), dir.path() + "/slo.yaml");
    EXPECT_EQ(beside->Recorded(), dir.path() + "/slo.yaml");
    EXPECT_DOUBLE_EQ(beside->For("j", "quick").max_failure_rate, 0.5);
  }
  std::ofstream(dir.path() + "/bad.yaml") << "defaults: {allow: nope}\n";
  EXPECT_FALSE(artifacts::LoadSloPolicy(dir.path() + "/bad.yaml", {dir.path()}, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].location.line, 1);
  errors.clear();
  EXPECT_FALSE(artifacts::LoadSloPolicy(dir.path() + "/missing.yaml", {}, errors));
  EXPECT_NE(errors.at(0).message.find("cannot read"), std::string::npos);
}

}  // namespace
