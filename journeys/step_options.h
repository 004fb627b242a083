// What each step takes: the keys of its map, which are required, which one its scalar form
// stands for, how each is read into the Step, and the checks that involve several keys. The
// tables are the single source of truth for the parser, its error messages and its hints.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "journeys/journey.h"
#include "journeys/yaml_reader.h"

namespace journeys {

class StepParser;

using OptionReader = void (*)(StepParser& parser, const Field& value, Step& step);

struct StepOption {
  const char* key;
  OptionReader read;
  bool required = false;
};

// The options given to one step, by GivenKey (and misspelt ones by "misspelt:" and the key
// they are closest to).
using GivenOptions = std::map<std::string, Field>;
// The option's key, prefixed with "common:" for the common options: a screenshot's `name`
// inside its map is the screenshot's, while `name` beside it is the step's label.
std::string GivenKey(const StepOption& option);

// Checks across options, after each was read. `action`: the action key and its value.
using StepCheck = void (*)(Reader& reader, const Field& action, const GivenOptions& given,
                           const Step& step);

struct StepSpec {
  StepKind kind;
  const char* scalar_option;  // the option a scalar value stands for; nullptr: map only
  std::vector<StepOption> options;
  bool common = true;  // takes `name` and `timeout` too (every step but mark)
  StepCheck check = nullptr;
};

const std::vector<StepSpec>& StepSpecs();
const StepSpec* FindStepSpec(const std::string& action);
std::vector<std::string> StepNames();
// `name` and `timeout`, which every step (but mark) takes beside its action or in its map.
const std::vector<StepOption>& CommonOptions();
// The option `key` of `spec` (common ones included), or nullptr.
const StepOption* FindOption(const StepSpec& spec, const std::string& key);
// The keys `spec` takes, common ones included.
std::vector<std::string> OptionKeys(const StepSpec& spec);

// Readers shared by several steps.
void ReadSelector(StepParser& parser, const Field& value, Step& step);
std::optional<ElementState> ReadElementState(Reader& reader, const Field& value);

StepSpec ExpectSpec();  // expect_options.cc

}  // namespace journeys
