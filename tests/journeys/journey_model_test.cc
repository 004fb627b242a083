// Valid files parse into the model the executor walks: every journey field, checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/journeys/parse_helpers.h"

namespace journeys::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(JourneyModel, TheDocumentedExample) {
  Journey journey = Parse(R"(name: search-fulltext
description: Type a word that is no page title, submit, and find the page that contains it.
tier: slow
tags: [search, read]
timeout: 30s
retries: 1
viewport: {width: 1024, height: 700, device_scale_factor: 2, mobile: false, user_agent: Bot/1}
vars:
  term: quillfeather
uses: [login]
steps:
  - goto: /wiki/Main_Page
  - fill: {selector: "#searchInput", text: "${vars.term}"}
  - click: "#searchButton"
  - expect: {selector: ".mw-search-result-heading a", text_contains: Quillfeather}
  - screenshot: results
)");
  EXPECT_EQ(journey.name, "search-fulltext");
  EXPECT_EQ(journey.description,
            "Type a word that is no page title, submit, and find the page that contains it.");
  EXPECT_EQ(journey.tier, "slow");
  EXPECT_THAT(journey.tags, ElementsAre("search", "read"));
  EXPECT_EQ(journey.timeout, Milliseconds(30000));
  EXPECT_EQ(journey.retries, 1);
  EXPECT_EQ(journey.viewport.width, 1024);
  EXPECT_EQ(journey.viewport.height, 700);
  EXPECT_DOUBLE_EQ(journey.viewport.device_scale_factor, 2);
  EXPECT_FALSE(journey.viewport.mobile);
  EXPECT_EQ(journey.viewport.user_agent, "Bot/1");
  EXPECT_THAT(journey.vars, ElementsAre(Pair("term", "quillfeather")));
  EXPECT_THAT(journey.uses, ElementsAre("login"));
  EXPECT_EQ(journey.location.ToString(), "j.yaml:1:1");

  ASSERT_EQ(journey.steps.size(), 5u);
  const Step& go = journey.steps[0];
  EXPECT_EQ(go.kind, StepKind::kGoto);
  EXPECT_EQ(go.argument, "/wiki/Main_Page");
  EXPECT_EQ(go.label, "goto /wiki/Main_Page");
  EXPECT_EQ(go.location.ToString(), "j.yaml:12:5");
  EXPECT_FALSE(go.status.has_value());
  EXPECT_FALSE(go.wait_until.has_value());
  EXPECT_FALSE(go.timeout.has_value());

  const Step& fill = journey.steps[1];
  EXPECT_EQ(fill.kind, StepKind::kFill);
  EXPECT_EQ(fill.selector, "#searchInput");
  EXPECT_EQ(fill.argument, "${vars.term}");  // expanded by the executor, per attempt

  EXPECT_EQ(journey.steps[2].kind, StepKind::kClick);
  EXPECT_EQ(journey.steps[2].selector, "#searchButton");
  EXPECT_EQ(journey.steps[3].label,
            "expect .mw-search-result-heading a text contains Quillfeather");
  const Step& shot = journey.steps[4];
  EXPECT_EQ(shot.kind, StepKind::kScreenshot);
  EXPECT_EQ(shot.argument, "results");
  EXPECT_FALSE(shot.screenshot.full_page);
  EXPECT_DOUBLE_EQ(shot.screenshot.tolerance, 0.01);
}

TEST(JourneyModel, Defaults) {
  Journey journey = Parse("name: a.b_c-d\nsteps: [{goto: /}]\n");
  EXPECT_EQ(journey.tier, "quick");
  EXPECT_TRUE(journey.tags.empty());
  EXPECT_FALSE(journey.timeout.has_value());
  EXPECT_FALSE(journey.retries.has_value());
  EXPECT_EQ(journey.viewport.width, 1280);
  EXPECT_EQ(journey.viewport.height, 900);
  EXPECT_FALSE(journey.viewport.mobile);
  EXPECT_TRUE(journey.viewport.preset.empty());
}

TEST(JourneyModel, MobilePreset) {
  Journey journey = Parse("name: m\nviewport: mobile\nsteps: [{goto: /}]\n");
  EXPECT_EQ(journey.viewport.preset, "mobile");
  EXPECT_EQ(journey.viewport.width, 390);
  EXPECT_EQ(journey.viewport.height, 844);
  EXPECT_DOUBLE_EQ(journey.viewport.device_scale_factor, 3);
  EXPECT_TRUE(journey.viewport.mobile);
  EXPECT_THAT(journey.viewport.user_agent, ::testing::HasSubstr("Mobile"));
  EXPECT_EQ(Parse("name: d\nviewport: desktop\nsteps: [{goto: /}]\n").viewport.width, 1280);
}

TEST(JourneyModel, EveryStepKind) {
  Journey journey = Parse(R"(name: everything
steps:
  - goto: {url: /wiki/X, status: 200, wait_until: domcontentloaded}
  - click: {selector: "text=Log in", wait_until: commit}
  - select: {selector: "#namespace", value: Talk}
  - press: {keys: Control+A, selector: "#wpTextbox1"}
  - hover: "xpath=//a"
  - wait_for: {selector: "#x", state: hidden}
  - eval: {script: "return 1", equals: 1}
  - mark:
      name: save
      steps:
        - click: "#wpSave"
)");
  ASSERT_EQ(journey.steps.size(), 8u);
  EXPECT_EQ(journey.steps[0].wait_until, WaitUntil::kDomContentLoaded);
  EXPECT_EQ(journey.steps[1].wait_until, WaitUntil::kCommit);
  EXPECT_EQ(journey.steps[2].argument, "Talk");
  EXPECT_EQ(journey.steps[3].selector, "#wpTextbox1");
  EXPECT_EQ(journey.steps[4].kind, StepKind::kHover);
  EXPECT_EQ(journey.steps[5].state, ElementState::kHidden);
  EXPECT_EQ(journey.steps[6].kind, StepKind::kEval);
  EXPECT_EQ(journey.steps[7].kind, StepKind::kMark);
  EXPECT_EQ(journey.steps[7].steps.at(0).location.ToString(), "j.yaml:13:11");
}

TEST(JourneyModel, Names) {
  EXPECT_STREQ(StepKindName(StepKind::kWaitFor), "wait_for");
  EXPECT_STREQ(StepKindName(StepKind::kScreenshot), "screenshot");
  EXPECT_STREQ(ElementStateName(ElementState::kDetached), "detached");
  EXPECT_EQ((Location{"f.yaml", 3, 7}).ToString(), "f.yaml:3:7");
  EXPECT_EQ((Location{"f.yaml", 3, 0}).ToString(), "f.yaml:3");
  EXPECT_EQ((Location{"f.yaml", 0, 0}).ToString(), "f.yaml");
  EXPECT_EQ((Diagnostic{{"f.yaml", 1, 2}, "bad", ""}).ToString(), "f.yaml:1:2: error: bad");
}

}  // namespace
}  // namespace journeys::testing
