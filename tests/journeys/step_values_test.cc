// The values of step options: selectors, URLs, statuses, states, keys, patterns, durations,
// references and JSON.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/journeys/parse_helpers.h"

namespace journeys::testing {
namespace {

using ::testing::ElementsAre;

const std::string kReferenceHint =
    " (hint: use ${base_url}, ${unique}, ${vars.NAME}, ${env.NAME} or ${secret.NAME}; write $${ "
    "for a literal ${)";
const std::string kDurationHint =
    " (hint: write a duration such as 500ms, 30s, 2m or a number of milliseconds)";

const ErrorCase kValueCases[] = {
    {"EmptySelector", WithSteps("  - click: ''\n"), {"3:12: the selector is empty"}},
    {"EmptyXpath", WithSteps("  - click: 'xpath='\n"), {"3:12: `xpath=` needs something after it"}},
    {"EmptyText", WithSteps("  - click: 'text=  '\n"), {"3:12: `text=` needs something after it"}},
    {"BadTextRegex",
     WithSteps("  - click: 'text=/(/'\n"),
     {"3:12: invalid regular expression: Mismatched '(' and ')' in regular expression"}},
    {"BadStatusAndWaitUntil",
     WithSteps("  - goto: {url: /, status: 999, wait_until: lod}\n"),
     {"3:28: `status` must be an HTTP status (100 to 599), not `999`",
      "3:45: unknown wait_until `lod` (hint: did you mean `load`?)"}},
    {"EmptyUrl", WithSteps("  - goto: ''\n"), {"3:11: `goto` is empty"}},
    {"UnknownKeyName",
     WithSteps("  - press: Entr\n"),
     {"3:12: `press`: unknown key 'Entr' (a single character, or Enter, Tab, Escape, Backspace, "
      "Delete, Space, Arrow{Up,Down,Left,Right}, Home, End, PageUp, PageDown)"}},
    {"UnknownModifier",
     WithSteps("  - press: {keys: 'Hyper+A'}\n"),
     {"3:19: `keys`: unknown modifier 'Hyper' in 'Hyper+A' (Alt, Control, Meta, Shift)"}},
    {"BadWaitState",
     WithSteps("  - wait_for: {selector: '#x', state: vsible}\n"),
     {"3:39: unknown state `vsible` (hint: did you mean `visible`?)"}},
    {"WaitForNothing",
     WithSteps("  - wait_for: {timeout: 1s}\n"),
     {"3:5: `wait_for` needs `selector`, `url` or `text`"}},
    {"WaitForTwoThings",
     WithSteps("  - wait_for: {url: /x, text: y}\n"),
     {"3:25: `wait_for` waits for one thing: `url` or `text`, not both (hint: use two wait_for "
      "steps)"}},
    {"WaitStateWithoutSelector",
     WithSteps("  - wait_for: {text: y, state: hidden}\n"),
     {"3:25: `state` applies to a `selector`"}},
    {"BadUrlRegex",
     WithSteps("  - wait_for: {url: '/(/'}\n"),
     {"3:21: invalid regular expression: Mismatched '(' and ')' in regular expression"}},
    {"FullPageAndSelector",
     WithSteps("  - screenshot: {name: x, full_page: true, selector: '#x'}\n"),
     {"3:27: `full_page` and `selector` contradict each other (hint: a screenshot is of the "
      "page, the full page or one element)"}},
    {"ToleranceAboveOne",
     WithSteps("  - screenshot: {name: x, tolerance: 2}\n"),
     {"3:38: `tolerance` must be a fraction from 0 to 1, not `2`"}},
    {"EmptyMaskSelector",
     WithSteps("  - screenshot: {name: x, mask: ['']}\n"),
     {"3:34: `mask[0]` is empty"}},
    {"NonStringJsonKey",
     WithSteps("  - eval: {script: x, equals: {[a]: 1}}\n"),
     {"3:32: keys of `equals` must be strings, not a list"}},
    {"EvalNeedsScript",
     WithSteps("  - eval: {equals: 1}\n"),
     {"3:5: `eval` needs `script` (hint: write `eval: <script>` or `eval: {script: ...}`)"}},
    {"ZeroDuration",
     WithSteps("  - goto: {url: /, timeout: 0s}\n"),
     {"3:29: `timeout`: the duration must be positive" + kDurationHint}},
    {"UnknownDurationUnit",
     WithSteps("  - goto: {url: /, timeout: 25h}\n"),
     {"3:29: `timeout`: `25h` is not a duration" + kDurationHint}},
    {"DurationTooLong",
     WithSteps("  - goto: {url: /, timeout: 2000m}\n"),
     {"3:29: `timeout`: `2000m` is longer than 24 hours" + kDurationHint}},
    {"DurationWithoutLeadingDigit",
     WithSteps("  - goto: {url: /, timeout: .5s}\n"),
     {"3:29: `timeout`: `.5s` is not a duration" + kDurationHint}},
    {"UnterminatedReference",
     WithSteps("  - goto: '/${vars.x'\n"),
     {"3:11: unterminated `${`: no closing `}`" + kReferenceHint}},
    {"EmptyReference",
     WithSteps("  - goto: '/${}'\n"),
     {"3:11: empty variable reference `${}`" + kReferenceHint}},
    {"UnknownVariable",
     WithSteps("  - goto: '/${user}'\n"),
     {"3:11: unknown variable `${user}`" + kReferenceHint}},
    {"UnknownNamespace",
     WithSteps("  - click: '${cfg.sel}'\n"),
     {"3:12: unknown variable namespace `cfg` in `${cfg.sel}`" + kReferenceHint}},
    {"MissingVariableName",
     WithSteps("  - expect: {title: '${vars.}'}\n"),
     {"3:21: missing name after `vars.` in `${vars.}`" + kReferenceHint}},
    {"TemplateLiteralNeedsEscape",
     WithSteps("  - eval: 'return `${document.title}`'\n"),
     {"3:11: unknown variable namespace `document` in `${document.title}`" + kReferenceHint}},
};
INSTANTIATE_TEST_SUITE_P(Values, ErrorCaseTest, ::testing::ValuesIn(kValueCases), CaseName);

TEST(Selectors, PrefixesAreKeptVerbatim) {
  EXPECT_EQ(ParseStep("click: 'text=Log in'").selector, "text=Log in");
  EXPECT_EQ(ParseStep("click: \"xpath=//a[@title='History']\"").selector,
            "xpath=//a[@title='History']");
  EXPECT_EQ(ParseStep("click: 'text=/^Log/'").selector, "text=/^Log/");
}

TEST(Goto, UrlStatusAndWaitUntil) {
  Step step = ParseStep("goto: {url: /wiki/X, status: 404, wait_until: networkidle}");
  EXPECT_EQ(step.kind, StepKind::kGoto);
  EXPECT_EQ(step.argument, "/wiki/X");
  EXPECT_EQ(step.status, 404);
  EXPECT_EQ(step.wait_until, WaitUntil::kNetworkIdle);
}

TEST(Fill, TextMayBeEmpty) {
  Step step = ParseStep("fill: {selector: '#q', text: ''}");
  EXPECT_EQ(step.argument, "");
  EXPECT_EQ(step.selector, "#q");
}

TEST(Press, KeysMadeOfVariablesAreCheckedWhenTheyRun) {
  EXPECT_EQ(ParseStep("press: Control+A").argument, "Control+A");
  EXPECT_EQ(ParseStep("press: '${vars.key}'").argument, "${vars.key}");
}

TEST(WaitFor, EachTarget) {
  Step step = ParseStep("wait_for: {selector: '#spinner', state: detached}");
  EXPECT_EQ(step.selector, "#spinner");
  EXPECT_EQ(step.state, ElementState::kDetached);
  EXPECT_EQ(ParseStep("wait_for: {url: '**/Special:*'}").url_pattern, "**/Special:*");
  EXPECT_EQ(ParseStep("wait_for: {text: Saved}").argument, "Saved");
}

TEST(Screenshot, Options) {
  Step step = ParseStep(
      "screenshot: {name: page, baseline: main, mask: ['#clock', '.ad'], tolerance: 0.05}");
  EXPECT_EQ(step.argument, "page");
  EXPECT_EQ(step.screenshot.baseline, "main");
  EXPECT_THAT(step.screenshot.mask, ElementsAre("#clock", ".ad"));
  EXPECT_DOUBLE_EQ(step.screenshot.tolerance, 0.05);
  EXPECT_EQ(ParseStep("screenshot: {name: infobox, selector: table.infobox}").selector,
            "table.infobox");
}

TEST(Eval, EqualsTakesJsonTypes) {
  Step step = ParseStep(
      "eval: {script: '[1]', equals: {n: 1, f: 1.5, s: '2', b: true, z: null, l: [a, ~]}}");
  EXPECT_EQ(*step.eval_equals,
            nlohmann::json::parse(
                R"({"n": 1, "f": 1.5, "s": "2", "b": true, "z": null, "l": ["a", null]})"));
  EXPECT_FALSE(ParseStep("eval: x").eval_equals.has_value());
}

TEST(Durations, Forms) {
  EXPECT_EQ(ParseStep("goto: {url: /, timeout: 500ms}").timeout, Milliseconds(500));
  EXPECT_EQ(ParseStep("goto: {url: /, timeout: 1.5s}").timeout, Milliseconds(1500));
  EXPECT_EQ(ParseStep("goto: {url: /, timeout: 2m}").timeout, Milliseconds(120000));
  EXPECT_EQ(ParseStep("goto: {url: /, timeout: 750}").timeout, Milliseconds(750));
}

TEST(References, ValidOnesAndEscapesPass) {
  ParsedJourney parsed = ParseJourney(
      WithSteps("  - goto: '${base_url}/x?u=${unique}&e=${env.HOME}&s=${secret.PASS}'\n"
                "  - eval: 'return `$${document.title}`'\n"
                "  - fill: {selector: '#${vars.id}', text: '${vars.text}'}\n"),
      "j.yaml");
  EXPECT_TRUE(parsed.errors.empty());
  // ${vars.*} are recorded for the catalog, which knows the journeys this one uses.
  ASSERT_EQ(parsed.sources.vars.size(), 2u);
  EXPECT_EQ(parsed.sources.vars[0].name, "id");
  EXPECT_EQ(parsed.sources.vars[0].location.ToString(), "j.yaml:5:22");
  EXPECT_EQ(parsed.sources.vars[1].name, "text");
}

}  // namespace
}  // namespace journeys::testing
