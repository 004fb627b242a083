// Journey-level errors: fields, their types and values, and YAML that is no journey at all.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/journeys/parse_helpers.h"

namespace journeys::testing {
namespace {

using ::testing::ElementsAre;

const std::string kSteps = "steps: [{goto: /}]\n";

const ErrorCase kJourneyCases[] = {
    {"UnknownFieldSuggestsTheClosest",
     "name: t\nstesp: []\n" + kSteps,
     {"2:1: unknown key `stesp` in the journey (hint: did you mean `steps`?)"}},
    {"UnknownFieldListsTheValidOnes",
     "name: t\ncolour: red\n" + kSteps,
     {"2:1: unknown key `colour` in the journey (hint: valid keys: name, description, tier, "
      "tags, timeout, retries, viewport, vars, uses, steps)"}},
    {"MissingNameAndSteps",
     "description: nothing else\n",
     {"1:1: the journey needs `name`", "1:1: the journey needs `steps`"}},
    {"InvalidName",
     "name: my journey\n" + kSteps,
     {"1:7: invalid journey name `my journey` (hint: use letters, digits, `_`, `.` and `-`)"}},
    {"EmptyName", "name: ''\n" + kSteps, {"1:7: `name` is empty"}},
    {"BadTier",
     "name: t\ntier: fast\n" + kSteps,
     {"2:7: unknown tier `fast` (hint: quick or slow)"}},
    {"RetriesNotANumber",
     "name: t\nretries: many\n" + kSteps,
     {"2:10: `retries` must be an integer from 0 to 100, not `many`"}},
    {"RetriesNegative",
     "name: t\nretries: -1\n" + kSteps,
     {"2:10: `retries` must be an integer from 0 to 100, not `-1`"}},
    {"RetriesAList",
     "name: t\nretries: [1]\n" + kSteps,
     {"2:10: `retries` must be an integer from 0 to 100, not a list"}},
    // yaml-cpp puts an empty value on the next line; the error points at its key.
    {"EmptyValueIsLocatedAtItsKey",
     "name: t\nretries:\n" + kSteps,
     {"2:1: `retries` has no value (hint: expected an integer from 0 to 100)"}},
    {"BadDuration",
     "name: t\ntimeout: 10 sec\n" + kSteps,
     {"2:10: `timeout`: `10 sec` is not a duration (hint: write a duration such as 500ms, 30s, "
      "2m or a number of milliseconds)"}},
    {"TagsNotAList",
     "name: t\ntags: search\n" + kSteps,
     {"2:7: `tags` must be a list of strings, not `search`"}},
    {"TagNotAString",
     "name: t\ntags: [a, [b]]\n" + kSteps,
     {"2:11: `tags[1]` must be a string, not a list"}},
    {"BadViewportPreset",
     "name: t\nviewport: tablet\n" + kSteps,
     {"2:11: unknown viewport preset `tablet` (hint: desktop or mobile)"}},
    {"BadViewportKeys",
     "name: t\nviewport: {width: 10, heigth: 900, mobile: sure}\n" + kSteps,
     {"2:19: `width` must be an integer from 100 to 10000, not `10`",
      "2:23: unknown key `heigth` in `viewport` (hint: did you mean `height`?)",
      "2:44: `mobile` must be true or false, not `sure`"}},
    {"BadVars",
     "name: t\nvars:\n  ok: 1\n  bad name: x\n  list: [1]\n" + kSteps,
     {"4:3: invalid variable name `bad name` (hint: use letters, digits, `_` and `-`)",
      "5:9: `list` must be a string, not a list"}},
    {"UsesNotAList",
     "name: t\nuses: login\n" + kSteps,
     {"2:7: `uses` must be a list of journey names, not `login`"}},
    {"UsesTwice", "name: t\nuses: [login, login]\n" + kSteps, {"2:15: `login` is used twice"}},
    {"StepsNotAList",
     "name: t\nsteps: {goto: /}\n",
     {"2:8: `steps` must be a list of steps, not a map"}},
    {"EmptySteps",
     "name: t\nsteps: []\n",
     {"2:8: `steps` is empty (hint: give at least one step)"}},
    {"DuplicateKey",
     "name: t\n" + kSteps + "name: u\n",
     {"3:1: duplicate key `name` (hint: first given at line 1)"}},
    {"NonStringKey",
     "name: t\n[a]: 1\n" + kSteps,
     {"2:1: keys of `journey` must be strings, not a list"}},
    {"AllErrorsOfAFileAtOnce",
     "name: bad name\n"
     "tier: fast\n"
     "retries: many\n"
     "colour: red\n"
     "steps:\n"
     "  - clik: '#a'\n"
     "  - fill: {selector: '#b'}\n"
     "  - expect: {selector: h1, text: a, text_contains: b}\n"
     "  - goto: ${nope.x}\n",
     {"1:7: invalid journey name `bad name` (hint: use letters, digits, `_`, `.` and `-`)",
      "2:7: unknown tier `fast` (hint: quick or slow)",
      "3:10: `retries` must be an integer from 0 to 100, not `many`",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message, split to fit the line
      "4:1: unknown key `colour` in the journey (hint: valid keys: name, description, tier, "
      "tags, timeout, retries, viewport, vars, uses, steps)",
      "6:5: unknown step `clik` (hint: did you mean `click`?)",
      "7:5: `fill` needs `text` (hint: write `fill: {selector: ..., text: ...}`)",
      "8:37: `text` and `text_contains` contradict each other (hint: give one of text, "
      "text_contains or text_matches)",
      "9:11: unknown variable namespace `nope` in `${nope.x}` (hint: use ${base_url}, ${unique}, "
      "${vars.NAME}, ${env.NAME} or ${secret.NAME}; write $${ for a literal ${)"}},
    // Malformed YAML: yaml-cpp's message at the place it noticed.
    {"UnclosedFlowList",
     "name: t\nsteps:\n  - goto: [/a, /b\n",
     {"4:1: invalid YAML: end of sequence flow not found"}},
    {"BadIndentation",
     "name: t\nsteps:\n  - goto: /\n bad: 1\n",
     {"4:2: invalid YAML: end of map not found"}},
    {"Tabs",
     "name: t\nsteps:\n\t- goto: /\n",
     {"3:2: invalid YAML: illegal block entry (hint: indent with spaces, never tabs)"}},
    {"UndefinedAlias",
     "name: *nope\n" + kSteps,
     {"1:7: invalid YAML: the referenced anchor is not defined"}},
    {"EmptyFile",
     "# only a comment\n",
     {"1:1: the file is empty (hint: a journey needs at least `name` and `steps`)"}},
    {"TwoDocuments",
     "name: a\n" + kSteps + "---\nname: b\n" + kSteps,
     {"3:1: a second YAML document in the file (hint: one journey per file)"}},
    {"TrailingSeparator",
     "name: a\n" + kSteps + "---\n",
     {"3:1: a second YAML document in the file (hint: one journey per file)"}},
    {"OnlyASeparator",
     "---\n",
     {"1:1: the file is empty (hint: a journey needs at least `name` and `steps`)"}},
    {"RootIsAList",
     "- goto: /\n",
     {"1:1: a journey must be a map of fields, not a list (hint: e.g. `name: view-main-page` "
      "and `steps: [...]`)"}},
    {"RootIsAScalar",
     "hello\n",
     {"1:1: a journey must be a map of fields, not a scalar (hint: e.g. `name: view-main-page` "
      "and `steps: [...]`)"}},
    {"JsonErrorsAreLocated",
     "{\"name\": \"j\", \"steps\": [{\"clik\": \"#a\"}]}",
     {"1:26: unknown step `clik` (hint: did you mean `click`?)"}},
    {"JsonSurrogatePairs",
     "{\"name\": \"j\", \"description\": \"\\ud83d\\ude00\", \"steps\": []}",
     {"1:37: invalid YAML: invalid unicode: 55357 (hint: write the character itself or "
      "\\UXXXXXXXX; UTF-16 surrogate pairs such as \\ud83d\\ude00 are not supported)"}},
};
INSTANTIATE_TEST_SUITE_P(Journey, ErrorCaseTest, ::testing::ValuesIn(kJourneyCases), CaseName);

TEST(MalformedYaml, DeepNestingIsAnErrorNotAStackOverflow) {
  std::vector<std::string> errors = Errors(std::string(100000, '['));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], ::testing::HasSubstr(": invalid YAML: nested too deep"));
}

TEST(MalformedYaml, SelfReferencingAnchorsAreBounded) {
  // yaml-cpp builds a cyclic node for these; walking them must stop.
  EXPECT_THAT(Errors("name: t\nsteps: &s\n  - mark: {name: m, steps: *s}\n"),
              ElementsAre("2:8: marks nest more than 8 deep"));
  EXPECT_THAT(Errors("name: t\nsteps: [{eval: {script: x, equals: &e [*e]}}]\n"),
              ElementsAre("2:36: `equals` is too deep or too large (hint: at most 32 levels and "
                          "10000 values)"));
}

TEST(MalformedYaml, AliasesCannotMultiplyStepsWithoutBound) {
  // Each level is ten marks of the level before: 10^6 steps in a few lines.
  std::string level = "&l0 [{goto: /}]";
  for (int n = 1; n <= 6; ++n) {
    std::string previous = "*l" + std::to_string(n - 1);
    std::string next = "&l" + std::to_string(n) + " [{mark: {name: m, steps: " + level + "}}";
    for (int i = 0; i < 9; ++i) next += ", {mark: {name: m, steps: " + previous + "}}";
    level = next + "]";
  }
  EXPECT_THAT(Errors("name: t\nsteps: " + level + "\n"),
              ElementsAre(::testing::EndsWith(": more than 1000 steps in one journey")));
}

TEST(MalformedYaml, AliasesCannotMultiplyValuesWithoutBound) {
  // 200 screenshots masking the same 1000 selectors: 200000 values to read.
  std::string yaml = "name: t\nsteps:\n  - screenshot: {name: a, mask: &m [";
  for (int i = 0; i < 1000; ++i) yaml += "x, ";
  yaml += "x]}\n";
  for (int i = 0; i < 200; ++i) yaml += "  - screenshot: {name: a, mask: *m}\n";
  EXPECT_THAT(Errors(yaml),
              ElementsAre("3:33: the journey is too large: more than 100000 values (hint: anchors "
                          "and aliases (&a, *a) may repeat a value, but not without end)"));
}

// yaml-cpp places a value reached through an alias at its anchor: an error in it was listed
// once per alias, each time at the same place.
TEST(MalformedYaml, AnErrorInAValueUsedThroughAliasesIsReportedOnce) {
  EXPECT_THAT(Errors("name: t\n"
                     "steps:\n"
                     "  - expect: &e {selector: \"#x\", txt: hello}\n"
                     "  - expect: *e\n"
                     "  - expect: *e\n"),
              ElementsAre("3:33: unknown key `txt` in `expect` (hint: did you mean `text`?)"));
}

TEST(Documents, TooManyErrorsAreCut) {
  std::string yaml = "name: t\nsteps:\n";
  for (int i = 0; i < 150; ++i) yaml += "  - clik: x\n";
  std::vector<std::string> errors = Errors(yaml);
  ASSERT_EQ(errors.size(), 101u);
  EXPECT_EQ(errors.back(), "103:5: too many errors; the first 100 are shown");
}

TEST(Json, JourneysMayBeJson) {
  Journey journey = Parse(
      "{\n"
      "  \"name\": \"json-journey\",\n"
      "  \"tier\": \"slow\",\n"
      "  \"retries\": 2,\n"
      "  \"steps\": [\n"
      "    {\"goto\": \"/wiki/Main_Page\"},\n"
      "    {\"expect\": {\"selector\": \"#firstHeading\", \"text\": \"Main Page\"}},\n"
      "    {\"eval\": {\"script\": \"1 + 1\", \"equals\": 2}}\n"
      "  ]\n"
      "}\n");
  EXPECT_EQ(journey.name, "json-journey");
  EXPECT_EQ(journey.tier, "slow");
  EXPECT_EQ(journey.retries, 2);
  ASSERT_EQ(journey.steps.size(), 3u);
  EXPECT_EQ(journey.steps[1].label, "expect #firstHeading text = Main Page");
  EXPECT_EQ(journey.steps[1].location.ToString(), "j.yaml:7:5");
  EXPECT_EQ(*journey.steps[2].eval_equals, nlohmann::json(2));
}

}  // namespace
}  // namespace journeys::testing
