// expect: each key into the Expectation, and the checks across keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/journeys/parse_helpers.h"

namespace journeys::testing {
namespace {

TEST(Expect, ElementChecks) {
  Step step = ParseStep("expect: {selector: li, state: attached, count: 3, text_contains: a}");
  EXPECT_EQ(step.kind, StepKind::kExpect);
  EXPECT_EQ(step.selector, "li");
  EXPECT_EQ(step.expect.state, ElementState::kAttached);
  EXPECT_EQ(step.expect.count, 3);
  ASSERT_TRUE(step.expect.text.has_value());
  EXPECT_EQ(step.expect.text->op, TextMatch::Op::kContains);
  EXPECT_EQ(step.expect.text->expected, "a");
}

TEST(Expect, AttributeChecks) {
  Step step = ParseStep("expect: {selector: a, attribute: href, matches: '^/wiki/'}");
  EXPECT_EQ(step.expect.attribute, "href");
  ASSERT_TRUE(step.expect.attribute_value.has_value());
  EXPECT_EQ(step.expect.attribute_value->op, TextMatch::Op::kMatches);
  EXPECT_EQ(step.expect.attribute_value->expected, "^/wiki/");
}

TEST(Expect, PageChecks) {
  Step step = ParseStep(
      "expect: {title: Main Page, url_contains: /wiki/, status: 200, no_console_errors: true, "
      "no_js_exceptions: true}");
  EXPECT_TRUE(step.selector.empty());
  EXPECT_EQ(step.expect.title->op, TextMatch::Op::kEquals);
  EXPECT_EQ(step.expect.title->expected, "Main Page");
  EXPECT_EQ(step.expect.url->op, TextMatch::Op::kContains);
  EXPECT_EQ(step.expect.status, 200);
  EXPECT_TRUE(step.expect.no_console_errors);
  EXPECT_TRUE(step.expect.no_js_exceptions);
}

TEST(Expect, SelectorAloneMeansVisible) {
  Step step = ParseStep("expect: {selector: '#content'}");
  EXPECT_FALSE(step.expect.state.has_value());  // the executor's default
  EXPECT_EQ(step.label, "expect #content visible");
}

TEST(Expect, Reload) {
  Step step = ParseStep("expect: {selector: li, text_contains: a, reload: true}");
  EXPECT_TRUE(step.expect.reload);
  EXPECT_EQ(step.label, "expect li text contains a, reloading");
  EXPECT_FALSE(ParseStep("expect: {selector: li}").expect.reload);
}

const std::string kSelectorHint =
    " (hint: give a selector, title, url, status, "
    "no_console_errors or no_js_exceptions)";

const ErrorCase kExpectCases[] = {
    {"NoCheck", WithSteps("  - expect: {}\n"), {"3:5: `expect` checks nothing" + kSelectorHint}},
    {"OnlyFalseFlags",
     WithSteps("  - expect: {no_js_exceptions: false, timeout: 1s}\n"),
     {"3:5: `expect` checks nothing" + kSelectorHint}},
    {"TextAndTextContains",
     WithSteps("  - expect: {selector: h1, text: a, text_contains: b}\n"),
     {"3:37: `text` and `text_contains` contradict each other (hint: give one of text, "
      "text_contains or text_matches)"}},
    {"UrlFamilyInFileOrder",
     WithSteps("  - expect:\n      url_matches: x\n      title: a\n      url: b\n"),
     {"6:7: `url_matches` and `url` contradict each other (hint: give one of url, url_contains "
      "or url_matches)"}},
    {"EqualsAndContains",
     WithSteps("  - expect: {selector: a, attribute: href, equals: x, contains: y}\n"),
     {"3:55: `equals` and `contains` contradict each other (hint: give one of equals, contains "
      "or matches)"}},
    {"AttributeWithoutComparison",
     WithSteps("  - expect: {selector: a, attribute: href}\n"),
     {"3:27: `attribute` needs `equals`, `contains` or `matches`"}},
    {"ComparisonWithoutAttribute",
     WithSteps("  - expect: {selector: a, contains: x}\n"),
     {"3:27: `contains` needs `attribute` (hint: e.g. {selector: a, attribute: href, contains: "
      "/wiki/})"}},
    {"ElementChecksNeedASelector",
     WithSteps("  - expect: {count: 2, text: a}\n"),
     {"3:14: `count` needs a `selector`", "3:24: `text` needs a `selector`"}},
    {"NegativeCount",
     WithSteps("  - expect: {selector: li, count: -1}\n"),
     {"3:35: `count` must be an integer >= 0, not `-1`"}},
    {"BadState",
     WithSteps("  - expect: {selector: li, state: gone}\n"),
     {"3:35: unknown state `gone` (hint: attached, visible, hidden or detached)"}},
    {"BadFlag",
     WithSteps("  - expect: {no_console_errors: maybe}\n"),
     {"3:33: `no_console_errors` must be true or false, not `maybe`"}},
    {"BadStatus",
     WithSteps("  - expect: {status: ok}\n"),
     {"3:22: `status` must be an HTTP status (100 to 599), not `ok`"}},
    {"BadRegex",
     WithSteps("  - expect: {title_matches: '[a-'}\n"),
     {"3:29: `title_matches`: invalid regular expression: Invalid end of '[x-x]' range in "
      "regular expression"}},
    {"RegexTooLarge",
     WithSteps("  - expect: {url_matches: '(a{1000}){1000}'}\n"),
     {"3:27: `url_matches`: regular expression too large once its repetitions are expanded"}},
    // std::regex would overflow reading these numbers.
    {"RegexCountOverflow",
     WithSteps("  - expect: {url_matches: 'a{10000000000}'}\n"),
     {"3:27: `url_matches`: regular expression with a number too large"}},
    {"RegexBackReferenceOverflow",
     WithSteps("  - expect: {url_matches: '(a)\\10000000000'}\n"),
     {"3:27: `url_matches`: regular expression with a number too large"}},
    // With variables, the pattern is checked when it runs.
    {"RegexWithVariables",
     WithSteps("  - expect: {title_matches: '^${vars.t}('}\nvars: {t: x}\n"),
     {}},
    // `reload` is no check of its own, and cannot undo what earlier loads logged.
    {"ReloadAlone",
     WithSteps("  - expect: {reload: true, timeout: 1s}\n"),
     {"3:5: `expect` checks nothing" + kSelectorHint}},
    {"ReloadWithOnlyLogChecks",
     WithSteps("  - expect: {no_console_errors: true, reload: true}\n"),
     {"3:39: `reload` cannot help `no_console_errors` or `no_js_exceptions`: what earlier loads "
      "logged still counts (hint: drop `reload`, or check something a reload changes "
      "(selector, title, url, status))"}},
    {"ReloadBesideAPageCheck",
     WithSteps("  - expect: {no_js_exceptions: true, status: 200, reload: true}\n"),
     {}},
    {"NoReloadWithOnlyLogChecks",
     WithSteps("  - expect: {no_console_errors: true, reload: false}\n"),
     {}},
    {"BadReload",
     WithSteps("  - expect: {title: a, reload: maybe}\n"),
     {"3:32: `reload` must be true or false, not `maybe`"}},
    {"UnknownKey",
     WithSteps("  - expect: {selector: h1, txt: a}\n"),
     {"3:28: unknown key `txt` in `expect` (hint: did you mean `text`?)"}},
};
INSTANTIATE_TEST_SUITE_P(Expect, ErrorCaseTest, ::testing::ValuesIn(kExpectCases), CaseName);

}  // namespace
}  // namespace journeys::testing
