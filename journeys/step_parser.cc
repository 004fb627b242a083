// Step shapes: one action per map, scalar or map values, `name`/`timeout` beside the action
// or inside its map, required options, and default labels.
#include "journeys/step_parser.h"

#include "journeys/did_you_mean.h"
#include "journeys/step_label.h"

namespace journeys {

namespace {

const char* kStepExample = "e.g. `- goto: /wiki/Main_Page`";

// "{selector, text}" for messages.
std::string MapForm(const StepSpec& spec) {
  std::vector<std::string> keys;
  for (const StepOption& option : spec.options) keys.push_back(option.key);
  return "{" + JoinNames(keys) + "}";
}

// "write `fill: {selector: ..., text: ...}`" (the required options), "write `click: <selector>`
// or `click: {selector: ...}`", or with `key` alone: "write `click: {selector: ...}`".
std::string WriteHint(const StepSpec& spec, const std::string& key = "") {
  std::string action = StepKindName(spec.kind);
  std::vector<std::string> keys;
  for (const StepOption& option : spec.options) {
    bool wanted = key.empty() ? option.required : key == option.key;
    if (wanted) keys.push_back(option.key + std::string(": ..."));
  }
  std::string map_form = "`" + action + ": {" + JoinNames(keys) + "}`";
  if (spec.scalar_option == nullptr || !key.empty()) return "write " + map_form;
  return "write `" + action + ": <" + spec.scalar_option + ">` or " + map_form;
}

}  // namespace

std::vector<Step> StepParser::ParseSteps(const Field& field) {
  std::vector<Step> steps;
  if (depth_ > kMaxMarkDepth) {
    reader_.Error(field.location,
                  "marks nest more than " + std::to_string(kMaxMarkDepth) + " deep");
    return steps;
  }
  auto elements = reader_.Elements(field, "a list of steps");
  if (!elements) return steps;
  if (elements->empty()) {
    reader_.Error(field.location, "`" + field.name + "` is empty", "give at least one step");
  }
  ++depth_;
  for (const Field& element : *elements) {
    if (++steps_read_ > kMaxSteps) {
      if (steps_read_ == kMaxSteps + 1) {
        reader_.Error(element.location,
                      "more than " + std::to_string(kMaxSteps) + " steps in one journey");
      }
      break;
    }
    auto step = ParseStep(element);
    if (step) steps.push_back(std::move(*step));
  }
  --depth_;
  return steps;
}

std::optional<Step> StepParser::ParseStep(const Field& field) {
  if (!field.node.IsMap()) {
    std::string hint = kStepExample;
    if (field.node.IsScalar() && FindStepSpec(field.node.Scalar()) != nullptr) {
      hint = "write `- " + field.node.Scalar() + ": ...`";
    }
    reader_.Error(field.location, "a step must be a map with one action", hint);
    return std::nullopt;
  }
  auto entries = reader_.Entries(field);
  if (!entries) return std::nullopt;
  std::vector<const Field*> siblings;
  const Field* action = FindAction(field, *entries, siblings);
  if (action == nullptr) return std::nullopt;
  const StepSpec& spec = *FindStepSpec(action->name);
  Step step;
  step.kind = spec.kind;
  step.location = field.location;
  GivenOptions given;
  ReadBesideAction(spec, *action, siblings, given, step);
  bool shaped = ReadActionValue(spec, *action, given, step);
  for (const StepOption& option : spec.options) {
    bool missing =
        given.count(option.key) + given.count("misspelt:" + std::string(option.key)) == 0;
    if (shaped && option.required && missing) {
      reader_.Error(action->key_location, "`" + action->name + "` needs `" + option.key + "`",
                    WriteHint(spec));
    }
  }
  if (shaped && spec.check != nullptr) spec.check(reader_, *action, given, step);
  if (step.label.empty()) step.label = DefaultLabel(step);
  return step;
}

const Field* StepParser::FindAction(const Field& step, const std::vector<Field>& entries,
                                    std::vector<const Field*>& siblings) {
  const Field* action = nullptr;
  for (const Field& entry : entries) {
    if (FindStepSpec(entry.name) == nullptr) {
      siblings.push_back(&entry);
    } else if (action == nullptr) {
      action = &entry;
    } else {
      reader_.Error(
          entry.key_location,
          "a step has one action, this one has `" + action->name + "` and `" + entry.name + "`",
          "split it into two steps");
    }
  }
  if (action != nullptr) return action;
  bool reported = false;
  for (const Field* sibling : siblings) {
    if (sibling->name == "name" || sibling->name == "timeout") continue;
    reader_.Error(sibling->key_location, "unknown step `" + sibling->name + "`",
                  DidYouMean(sibling->name, StepNames(), "valid steps"));
    reported = true;
  }
  if (!reported) {
    reader_.Error(step.location, "the step has no action",
                  "valid steps: " + JoinNames(StepNames()));
  }
  return nullptr;
}

void StepParser::ReadBesideAction(const StepSpec& spec, const Field& action,
                                  const std::vector<const Field*>& siblings, GivenOptions& given,
                                  Step& step) {
  for (const Field* sibling : siblings) {
    const StepOption* option = nullptr;
    if (spec.common) {
      for (const StepOption& common : CommonOptions()) {
        if (sibling->name == common.key) option = &common;
      }
    }
    if (option != nullptr) {
      ReadOption(*option, *sibling, given, step);
    } else if (FindOption(spec, sibling->name) != nullptr) {
      reader_.Error(sibling->key_location,
                    "`" + sibling->name + "` belongs in the map of `" + action.name + "`",
                    WriteHint(spec, sibling->name));
    } else {
      reader_.UnknownKey(
          *sibling,
          spec.common ? std::vector<std::string>{"name", "timeout"} : std::vector<std::string>{},
          "a `" + action.name + "` step");
    }
  }
}

bool StepParser::ReadActionValue(const StepSpec& spec, const Field& action, GivenOptions& given,
                                 Step& step) {
  if (action.node.IsMap()) {
    auto entries = reader_.Entries(action);
    if (!entries) return false;
    for (const Field& entry : *entries) {
      const StepOption* option = FindOption(spec, entry.name);
      if (option != nullptr) {
        ReadOption(*option, entry, given, step);
        continue;
      }
      reader_.UnknownKey(entry, OptionKeys(spec), "`" + action.name + "`");
      // A misspelt option is reported once, not again as missing.
      std::string meant = ClosestName(entry.name, OptionKeys(spec));
      if (!meant.empty()) given.emplace("misspelt:" + meant, entry);
    }
    return true;
  }
  if (spec.scalar_option == nullptr || !action.node.IsScalar()) {
    std::string form = spec.scalar_option == nullptr
                           ? "a map " + MapForm(spec)
                           : std::string("a ") + spec.scalar_option + " or a map " + MapForm(spec);
    std::string message = action.node.IsNull() ? "`" + action.name + "` has no value"
                                               : "`" + action.name + "` needs " + form;
    reader_.Error(action.location, message, WriteHint(spec));
    return false;
  }
  ReadOption(*FindOption(spec, spec.scalar_option), action, given, step);
  return true;
}

void StepParser::ReadOption(const StepOption& option, const Field& value, GivenOptions& given,
                            Step& step) {
  auto [previous, inserted] = given.emplace(GivenKey(option), value);
  if (!inserted) {
    // Beside the action and inside its map: the later one in the file is the second.
    const Field& first = previous->second;
    bool later = value.key_location.line > first.key_location.line ||
                 (value.key_location.line == first.key_location.line &&
                  value.key_location.column > first.key_location.column);
    reader_.Error((later ? value : first).key_location, "`" + value.name + "` is given twice",
                  "first at line " + std::to_string((later ? first : value).key_location.line));
    return;
  }
  option.read(*this, value, step);
}

}  // namespace journeys
