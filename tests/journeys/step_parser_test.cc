// Step shapes: one action per map, scalar and map forms, options, required keys, marks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/journeys/parse_helpers.h"

namespace journeys::testing {
namespace {

using ::testing::ElementsAre;

const ErrorCase kStepCases[] = {
    {"UnknownStepSuggestsTheClosest",
     WithSteps("  - clik: '#a'\n"),
     {"3:5: unknown step `clik` (hint: did you mean `click`?)"}},
    {"UnknownStepListsTheValidOnes",
     WithSteps("  - navigate: /\n"),
     {"3:5: unknown step `navigate` (hint: valid steps: goto, click, fill, select, press, hover, "
      "wait_for, expect, screenshot, eval, mark)"}},
    {"StepIsAScalar",
     WithSteps("  - goto\n"),
     {"3:5: a step must be a map with one action (hint: write `- goto: ...`)"}},
    {"StepIsAList",
     WithSteps("  - [goto, /]\n"),
     {"3:5: a step must be a map with one action (hint: e.g. `- goto: /wiki/Main_Page`)"}},
    {"EmptyStepIsLocatedAtItsList",
     WithSteps("  -\n  - goto: /\n"),
     {"3:3: a step must be a map with one action (hint: e.g. `- goto: /wiki/Main_Page`)"}},
    {"TwoActions",
     WithSteps("  - click: '#a'\n    fill: {selector: '#b', text: c}\n"),
     {"4:5: a step has one action, this one has `click` and `fill` (hint: split it into two "
      "steps)"}},
    {"NoAction",
     WithSteps("  - name: just a label\n"),
     {"3:5: the step has no action (hint: valid steps: goto, click, fill, select, press, hover, "
      "wait_for, expect, screenshot, eval, mark)"}},
    // Reported once: not again as a missing `selector`.
    {"UnknownOptionKey",
     WithSteps("  - click: {slector: '#searchButton'}\n"),
     {"3:13: unknown key `slector` in `click` (hint: did you mean `selector`?)"}},
    {"MisspeltAndRightOption",
     WithSteps("  - click: {slector: '#a', selector: '#b'}\n"),
     {"3:13: unknown key `slector` in `click` (hint: did you mean `selector`?)"}},
    {"OptionBesideTheAction",
     WithSteps("  - click: '#a'\n    wait_until: load\n"),
     {"4:5: `wait_until` belongs in the map of `click` (hint: write `click: {wait_until: ...}`)"}},
    {"UnknownKeyBesideTheAction",
     WithSteps("  - click: '#a'\n    colour: red\n"),
     {"4:5: unknown key `colour` in a `click` step (hint: valid keys: name, timeout)"}},
    {"FillNeedsText",
     WithSteps("  - fill: {selector: '#a'}\n"),
     {"3:5: `fill` needs `text` (hint: write `fill: {selector: ..., text: ...}`)"}},
    {"SelectNeedsSelector",
     WithSteps("  - select: {value: a}\n"),
     {"3:5: `select` needs `selector` (hint: write `select: {selector: ..., value: ...}`)"}},
    {"SelectNeedsValue",
     WithSteps("  - select: {selector: '#s'}\n"),
     {"3:5: `select` needs `value` (hint: write `select: {selector: ..., value: ...}`)"}},
    {"ClickNeedsSelector",
     WithSteps("  - click: {wait_until: load}\n"),
     {"3:5: `click` needs `selector` (hint: write `click: <selector>` or `click: {selector: "
      "...}`)"}},
    {"GotoNeedsUrl",
     WithSteps("  - goto: {status: 200}\n"),
     {"3:5: `goto` needs `url` (hint: write `goto: <url>` or `goto: {url: ...}`)"}},
    {"MarkNeedsSteps",
     WithSteps("  - mark: {name: m}\n"),
     {"3:5: `mark` needs `steps` (hint: write `mark: {name: ..., steps: ...}`)"}},
    {"FillTakesNoScalar",
     WithSteps("  - fill: '#a'\n"),
     {"3:11: `fill` needs a map {selector, text} (hint: write `fill: {selector: ..., text: "
      "...}`)"}},
    {"ExpectTakesNoScalar",
     WithSteps("  - expect: h1\n"),
     {"3:13: `expect` needs a map {selector, state, count, text, text_contains, text_matches, "
      "attribute, equals, contains, matches, title, title_contains, title_matches, url, "
      "url_contains, url_matches, status, no_console_errors, no_js_exceptions, reload} (hint: "
      "write `expect: {}`)"}},
    {"ActionWithoutValue",
     WithSteps("  - hover:\n"),
     {"3:5: `hover` has no value (hint: write `hover: <selector>` or `hover: {selector: ...}`)"}},
    {"ActionWithAList",
     WithSteps("  - click: ['#a']\n"),
     {"3:12: `click` needs a selector or a map {selector, wait_until} (hint: write `click: "
      "<selector>` or `click: {selector: ...}`)"}},
    {"OptionGivenTwice",
     WithSteps("  - click: {selector: '#a', timeout: 1s}\n    timeout: 2s\n"),
     {"4:5: `timeout` is given twice (hint: first at line 3)"}},
    {"MarkTakesNoTimeoutBeside",
     WithSteps("  - mark: {name: m, steps: [{goto: /}]}\n    timeout: 5s\n"),
     {"4:5: unknown key `timeout` in a `mark` step"}},
};
INSTANTIATE_TEST_SUITE_P(Steps, ErrorCaseTest, ::testing::ValuesIn(kStepCases), CaseName);

TEST(Steps, NameAndTimeoutBesideOrInside) {
  Journey journey =
      Parse(WithSteps("  - click: '#a'\n    name: Open\n    timeout: 2s\n"
                      "  - click: {selector: '#b', name: Other, timeout: 500}\n"));
  ASSERT_EQ(journey.steps.size(), 2u);
  EXPECT_EQ(journey.steps[0].label, "Open");
  EXPECT_EQ(journey.steps[0].timeout, Milliseconds(2000));
  EXPECT_EQ(journey.steps[1].label, "Other");
  EXPECT_EQ(journey.steps[1].timeout, Milliseconds(500));
}

TEST(Steps, ScreenshotNameInsideIsTheScreenshotsBesideIsTheLabel) {
  Step step = ParseStep("screenshot: {name: results, full_page: true}\n    name: Results page");
  EXPECT_EQ(step.argument, "results");
  EXPECT_EQ(step.label, "Results page");
  EXPECT_TRUE(step.screenshot.full_page);
}

TEST(Steps, MarksNestWithALimit) {
  Journey journey =
      Parse(WithSteps("  - mark:\n      name: outer\n      steps:\n        - goto: /\n"
                      "        - mark: {name: inner, steps: [{click: '#a'}]}\n"));
  ASSERT_EQ(journey.steps.size(), 1u);
  const Step& outer = journey.steps[0];
  EXPECT_EQ(outer.kind, StepKind::kMark);
  EXPECT_EQ(outer.argument, "outer");
  EXPECT_EQ(outer.label, "outer");
  ASSERT_EQ(outer.steps.size(), 2u);
  EXPECT_EQ(outer.steps[1].steps.at(0).label, "click #a");
  EXPECT_EQ(outer.steps[1].steps.at(0).location.ToString(), "j.yaml:7:39");

  std::string deep = "{goto: /}";
  for (int i = 0; i < 9; ++i) deep = "{mark: {name: m, steps: [" + deep + "]}}";
  EXPECT_THAT(Errors(WithSteps("  - " + deep + "\n")),
              ElementsAre("3:229: marks nest more than 8 deep"));
}

TEST(Labels, DefaultLabelsAreShortAndHuman) {
  const std::pair<std::string, std::string> kLabels[] = {
      {"goto: /wiki/Main_Page", "goto /wiki/Main_Page"},
      {"click: '#searchButton'", "click #searchButton"},
      {"hover: '#p-personal'", "hover #p-personal"},
      {"fill: {selector: '#wpName1', text: '${vars.user}'}", "fill #wpName1 with ${vars.user}"},
      {"select: {selector: '#ns', value: Talk}", "select Talk in #ns"},
      {"press: Enter", "press Enter"},
      {"press: {keys: Enter, selector: '#q'}", "press Enter in #q"},
      {"wait_for: '#content'", "wait_for #content"},
      {"wait_for: {selector: '#spinner', state: hidden}", "wait_for #spinner hidden"},
      {"wait_for: {url: '**/wiki/*'}", "wait_for url **/wiki/*"},
      {"wait_for: {text: Saved}", "wait_for text Saved"},
      {"expect: {selector: '#firstHeading', text: Main Page}",
       "expect #firstHeading text = Main Page"},
      {"expect: {selector: '#x'}", "expect #x visible"},
      {"expect: {selector: li, count: 3, text_matches: '^a'}",
       "expect li count = 3, text matches ^a"},
      {"expect: {selector: a, attribute: href, contains: /wiki/}", "expect a href contains /wiki/"},
      {"expect: {title_contains: Wiki, status: 200, no_js_exceptions: true}",
       "expect title contains Wiki, status = 200, no JS exceptions"},
      {"expect: {url_matches: 'x$', no_console_errors: true}",
       "expect url matches x$, no console errors"},
      {"screenshot: results", "screenshot results"},
      {"eval: \"document.title\\n .length\"", "eval document.title .length"},
  };
  for (const auto& [step, label] : kLabels) EXPECT_EQ(ParseStep(step).label, label) << step;
}

TEST(Labels, LongLabelsAreCut) {
  EXPECT_EQ(ParseStep("goto: /" + std::string(100, 'x')).label,
            "goto /" + std::string(71, 'x') + "...");
}

TEST(Labels, UnicodeLabelIsNotCutInsideACharacter) {
  std::string e_acute = "\xC3\xA9";
  std::string url = "/";
  for (int i = 0; i < 60; ++i) url += e_acute;
  std::string label = ParseStep("goto: " + url).label;
  // "goto /" is 6 bytes, then whole two-byte characters up to 77 bytes, then "...".
  EXPECT_EQ(
      label, "goto /" + [&] {
        std::string s;
        for (int i = 0; i < 35; ++i) s += e_acute;
        return s;
      }() + "...");
}

}  // namespace
}  // namespace journeys::testing
