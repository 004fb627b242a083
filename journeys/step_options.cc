// The steps other than expect, their options and their cross-option checks.
#include "journeys/step_options.h"

#include <algorithm>

#include "journeys/keys.h"
#include "journeys/regex_check.h"
#include "journeys/selector_check.h"
#include "journeys/step_parser.h"
#include "journeys/yaml_json.h"

namespace journeys {

namespace {

bool HasVariables(const std::string& text) { return text.find("${") != std::string::npos; }

// Options whose value is the step's main argument, as text that cujo expands.
void ReadArgument(StepParser& parser, const Field& value, Step& step) {
  auto text = parser.reader().Expandable(value);
  if (text) step.argument = *text;
}

void ReadNonEmptyArgument(StepParser& parser, const Field& value, Step& step) {
  auto text = parser.reader().Expandable(value);
  if (text && text->empty()) parser.reader().Error(value.location, "`" + value.name + "` is empty");
  if (text) step.argument = *text;
}

void ReadLabel(StepParser& parser, const Field& value, Step& step) {
  auto text = parser.reader().Text(value);
  if (text) step.label = *text;
}

void ReadTimeout(StepParser& parser, const Field& value, Step& step) {
  step.timeout = parser.reader().Duration(value);
}

void ReadStatus(StepParser& parser, const Field& value, Step& step) {
  step.status = parser.reader().Int(value, 100, 599, "an HTTP status (100 to 599)");
}

void ReadWaitUntil(StepParser& parser, const Field& value, Step& step) {
  static const Reader::Names<WaitUntil> names = {{"commit", WaitUntil::kCommit},
                                                 {"domcontentloaded", WaitUntil::kDomContentLoaded},
                                                 {"load", WaitUntil::kLoad},
                                                 {"networkidle", WaitUntil::kNetworkIdle}};
  step.wait_until = parser.reader().Enum(value, names, "wait_until");
}

void ReadKeys(StepParser& parser, const Field& value, Step& step) {
  ReadNonEmptyArgument(parser, value, step);
  if (step.argument.empty() || HasVariables(step.argument)) return;
  std::string error;
  if (!ParseKeys(step.argument, &error)) {
    parser.reader().Error(value.location, "`" + value.name + "`: " + error);
  }
}

void ReadState(StepParser& parser, const Field& value, Step& step) {
  step.state = ReadElementState(parser.reader(), value);
}

void ReadUrlPattern(StepParser& parser, const Field& value, Step& step) {
  auto pattern = parser.reader().Expandable(value);
  if (!pattern) return;
  step.url_pattern = *pattern;
  bool regex = pattern->size() >= 2 && pattern->front() == '/' && pattern->back() == '/';
  std::optional<std::string> problem;
  if (pattern->empty()) {
    problem = "`url` is empty";
  } else if (regex && !HasVariables(*pattern)) {
    problem = RegexProblem(pattern->substr(1, pattern->size() - 2));
  }
  if (problem) parser.reader().Error(value.location, *problem);
}

void ReadFullPage(StepParser& parser, const Field& value, Step& step) {
  step.screenshot.full_page = parser.reader().Bool(value).value_or(false);
}

void ReadBaseline(StepParser& parser, const Field& value, Step& step) {
  step.screenshot.baseline = parser.reader().Text(value).value_or("");
}

// Selectors like a step's own: ${...} in them is checked here and expanded when the step runs.
void ReadMask(StepParser& parser, const Field& value, Step& step) {
  auto elements = parser.reader().Elements(value, "a list of selectors");
  if (!elements) return;
  for (const Field& element : *elements) {
    if (!parser.reader().Text(element)) continue;  // reported: not a string, or empty
    auto selector = parser.reader().Expandable(element);
    if (!selector) continue;
    auto problem = SelectorProblem(*selector);
    if (problem) parser.reader().Error(element.location, "in `mask`: " + *problem);
    step.screenshot.mask.push_back(*selector);
  }
}

void ReadTolerance(StepParser& parser, const Field& value, Step& step) {
  auto tolerance = parser.reader().Number(value, 0, 1, "a fraction from 0 to 1");
  if (tolerance) step.screenshot.tolerance = *tolerance;
}

void ReadEquals(StepParser& parser, const Field& value, Step& step) {
  step.eval_equals = ToJson(parser.reader(), value);
}

void ReadMarkName(StepParser& parser, const Field& value, Step& step) {
  auto name = parser.reader().Text(value);
  if (name) step.argument = step.label = *name;
}

void ReadMarkSteps(StepParser& parser, const Field& value, Step& step) {
  step.steps = parser.ParseSteps(value);
}

// wait_for waits for one thing: an element, a URL or a text.
void CheckWaitFor(Reader& reader, const Field& action, const GivenOptions& given, const Step&) {
  std::vector<const Field*> targets;
  for (const char* key : {"selector", "url", "text"}) {
    auto it = given.find(key);
    if (it != given.end()) targets.push_back(&it->second);
  }
  if (targets.empty()) {
    reader.Error(action.key_location, "`wait_for` needs `selector`, `url` or `text`");
  } else if (targets.size() > 1) {
    reader.Error(targets[1]->key_location,
                 "`wait_for` waits for one thing: `" + targets[0]->name + "` or `" +
                     targets[1]->name + "`, not both",
                 "use two wait_for steps");
  }
  auto state = given.find("state");
  if (state != given.end() && given.count("selector") == 0) {
    reader.Error(state->second.key_location, "`state` applies to a `selector`");
  }
}

void CheckScreenshot(Reader& reader, const Field&, const GivenOptions& given, const Step& step) {
  if (step.screenshot.full_page && given.count("selector") != 0) {
    reader.Error(given.at("full_page").key_location,
                 "`full_page` and `selector` contradict each other",
                 "a screenshot is of the page, the full page or one element");
  }
}

}  // namespace

std::optional<ElementState> ReadElementState(Reader& reader, const Field& value) {
  static const Reader::Names<ElementState> names = {{"attached", ElementState::kAttached},
                                                    {"visible", ElementState::kVisible},
                                                    {"hidden", ElementState::kHidden},
                                                    {"detached", ElementState::kDetached}};
  return reader.Enum(value, names, "state");
}

void ReadSelector(StepParser& parser, const Field& value, Step& step) {
  auto selector = parser.reader().Expandable(value);
  if (!selector) return;
  auto problem = SelectorProblem(*selector);
  if (problem) parser.reader().Error(value.location, *problem);
  step.selector = *selector;
}

const std::vector<StepOption>& CommonOptions() {
  static const std::vector<StepOption> options = {{"name", ReadLabel}, {"timeout", ReadTimeout}};
  return options;
}

std::string GivenKey(const StepOption& option) {
  const auto& common = CommonOptions();
  bool is_common =
      std::any_of(common.begin(), common.end(), [&](const StepOption& c) { return &c == &option; });
  return is_common ? std::string("common:") + option.key : option.key;
}

const std::vector<StepSpec>& StepSpecs() {
  static const std::vector<StepSpec> specs = {
      {StepKind::kGoto,
       "url",
       {{"url", ReadNonEmptyArgument, true},
        {"status", ReadStatus},
        {"wait_until", ReadWaitUntil}}},
      {StepKind::kClick,
       "selector",
       {{"selector", ReadSelector, true}, {"wait_until", ReadWaitUntil}}},
      {StepKind::kFill, nullptr, {{"selector", ReadSelector, true}, {"text", ReadArgument, true}}},
      {StepKind::kSelect,
       nullptr,
       {{"selector", ReadSelector, true}, {"value", ReadArgument, true}}},
      {StepKind::kPress,
       "keys",
       {{"keys", ReadKeys, true}, {"selector", ReadSelector}, {"wait_until", ReadWaitUntil}}},
      {StepKind::kHover, "selector", {{"selector", ReadSelector, true}}},
      {StepKind::kWaitFor,
       "selector",
       {{"selector", ReadSelector},
        {"state", ReadState},
        {"url", ReadUrlPattern},
        {"text", ReadNonEmptyArgument}},
       true,
       CheckWaitFor},
      ExpectSpec(),
      {StepKind::kScreenshot,
       "name",
       {{"name", ReadNonEmptyArgument, true},
        {"full_page", ReadFullPage},
        {"selector", ReadSelector},
        {"baseline", ReadBaseline},
        {"mask", ReadMask},
        {"tolerance", ReadTolerance}},
       true,
       CheckScreenshot},
      {StepKind::kEval, "script", {{"script", ReadNonEmptyArgument, true}, {"equals", ReadEquals}}},
      {StepKind::kMark,
       nullptr,
       {{"name", ReadMarkName, true}, {"steps", ReadMarkSteps, true}},
       false},
  };
  return specs;
}

const StepSpec* FindStepSpec(const std::string& action) {
  for (const StepSpec& spec : StepSpecs()) {
    if (action == StepKindName(spec.kind)) return &spec;
  }
  return nullptr;
}

std::vector<std::string> StepNames() {
  std::vector<std::string> names;
  for (const StepSpec& spec : StepSpecs()) names.push_back(StepKindName(spec.kind));
  return names;
}

const StepOption* FindOption(const StepSpec& spec, const std::string& key) {
  for (const StepOption& option : spec.options) {
    if (key == option.key) return &option;
  }
  if (!spec.common) return nullptr;
  for (const StepOption& option : CommonOptions()) {
    if (key == option.key) return &option;
  }
  return nullptr;
}

std::vector<std::string> OptionKeys(const StepSpec& spec) {
  std::vector<std::string> keys;
  for (const StepOption& option : spec.options) keys.push_back(option.key);
  if (spec.common) {
    for (const StepOption& option : CommonOptions()) keys.push_back(option.key);
  }
  return keys;
}

}  // namespace journeys
