// Every bundled MediaWiki journey passes against the real wiki, and a deliberately broken copy
// of each fails at the broken step with the evidence a QA engineer needs: the step's file:line,
// the selector, expected vs actual, and a screenshot and DOM of the page.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/integration/journey_fixture.h"

namespace {

using journeys::Journey;
using journeys::Outcome;
using journeys::Step;
using journeys::StepKind;

std::vector<std::string> BundledNames() {
  std::vector<std::string> names;
  for (const auto& journey : cujo_test::BundledCatalog().journeys) names.push_back(journey.name);
  return names;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class BundledJourney : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cujo_test::BundledCatalog().ok());
    const Journey* journey = cujo_test::BundledCatalog().Find(GetParam());
    ASSERT_NE(journey, nullptr);
    own_steps_ = journey->steps.size();
    resolved_ = journeys::ResolveUses(cujo_test::BundledCatalog(), *journey);
  }

  // Index in resolved_.steps of the first of the journey's own steps that `pick` accepts
  // (the steps of `uses` come first and are left alone).
  size_t FindOwnStep(const std::function<bool(const Step&)>& pick) {
    for (size_t i = resolved_.steps.size() - own_steps_; i < resolved_.steps.size(); ++i) {
      if (pick(resolved_.steps[i])) return i;
    }
    return resolved_.steps.size();
  }

  // Runs the broken copy and checks it failed exactly at `broken` with its evidence on disk.
  // Only the broken step gets a short timeout: the steps before it must pass on a busy machine.
  journeys::AttemptResult RunBroken(size_t broken) {
    resolved_.steps[broken].timeout = std::chrono::milliseconds(1500);
    auto result = cujo_test::RunAgainstWiki(resolved_, artifacts_.path(), std::chrono::seconds(10));
    EXPECT_EQ(result.outcome, Outcome::kFailed);
    const Step& step = resolved_.steps[broken];
    // Steps are recorded in order; marks are not steps.
    EXPECT_GT(result.steps.size(), broken);
    if (result.steps.size() <= broken) return result;
    EXPECT_EQ(result.steps[broken].outcome, Outcome::kFailed)
        << result.steps[broken].label << ": " << (result.error ? result.error->message : "");
    for (size_t i = 0; i < broken; ++i) {
      EXPECT_EQ(result.steps[i].outcome, Outcome::kPassed) << result.steps[i].label;
    }
    EXPECT_TRUE(result.error.has_value());
    if (!result.error) return result;
    SCOPED_TRACE(result.error->message);
    EXPECT_EQ(result.error->message.rfind(step.location.ToString() + ": ", 0), 0u)
        << result.error->message;
    EXPECT_EQ(result.steps[broken].location.line, step.location.line);

    std::string png = ReadFile(artifacts_.path() + "/" + result.failure.screenshot);
    EXPECT_FALSE(result.failure.screenshot.empty());
    EXPECT_EQ(png.compare(0, 4, "\x89PNG"), 0);
    std::string dom = ReadFile(artifacts_.path() + "/" + result.failure.dom);
    EXPECT_NE(dom.find("id=\"footer\""), std::string::npos) << "DOM of a MediaWiki page expected";
    EXPECT_NE(result.failure.url.find(cujo_test::Wiki().url), std::string::npos);
    return result;
  }

  Journey resolved_;
  size_t own_steps_ = 0;
  cdp::TempDir artifacts_{"cujo-journey-test-"};
};

TEST_P(BundledJourney, PassesAgainstTheWiki) {
  auto result = cujo_test::RunAgainstWiki(resolved_, artifacts_.path(), std::chrono::seconds(10));
  EXPECT_EQ(result.outcome, Outcome::kPassed)
      << (result.error ? result.error->message : "") << "\n  at " << result.failure.url;
  EXPECT_EQ(result.steps.size(),
            resolved_.steps.size() -
                std::count_if(resolved_.steps.begin(), resolved_.steps.end(),
                              [](const Step& s) { return s.kind == StepKind::kMark; }));
  EXPECT_FALSE(result.navigations.empty());
  EXPECT_GT(result.navigations.front().status, 0);
}

TEST_P(BundledJourney, WrongExpectedTextFailsAtThatStep) {
  size_t broken =
      FindOwnStep([](const Step& s) { return s.kind == StepKind::kExpect && !s.selector.empty(); });
  ASSERT_LT(broken, resolved_.steps.size()) << "journey has no element expectation";
  Step& step = resolved_.steps[broken];
  step.expect.state.reset();
  step.expect.count.reset();
  step.expect.text = journeys::TextMatch{journeys::TextMatch::Op::kEquals, "cujo-wrong-text"};
  auto result = RunBroken(broken);
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->kind, "assertion") << result.error->message;
  EXPECT_EQ(result.error->selector, step.selector);
  EXPECT_NE(result.error->expected.find("cujo-wrong-text"), std::string::npos);
  EXPECT_FALSE(result.error->actual.empty());
  EXPECT_NE(result.error->message.find(step.selector), std::string::npos);
}

TEST_P(BundledJourney, MissingSelectorFailsAtThatStep) {
  size_t broken = FindOwnStep([](const Step& s) { return !s.selector.empty(); });
  ASSERT_LT(broken, resolved_.steps.size()) << "journey has no selector";
  Step& step = resolved_.steps[broken];
  step.selector = "#cujo-missing-element";
  auto result = RunBroken(broken);
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->selector, "#cujo-missing-element");
  EXPECT_NE(result.error->message.find("#cujo-missing-element"), std::string::npos);
  if (step.kind != StepKind::kExpect) {
    EXPECT_EQ(result.error->kind, "actionability") << result.error->message;
    EXPECT_EQ(result.error->failed_check, "attached");
  }
}

INSTANTIATE_TEST_SUITE_P(MediaWiki, BundledJourney, ::testing::ValuesIn(BundledNames()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
