// One reader per journey field, in a table that also gives the valid keys for hints.
#include "journeys/journey_fields.h"

#include <algorithm>
#include <set>

#include "journeys/step_parser.h"
#include "journeys/variables.h"

namespace journeys {

namespace {

struct Context {
  Reader& reader;
  StepParser steps;
  Journey& journey;
  JourneySources& sources;
};

// Journey names: [A-Za-z0-9_.-]+.
bool IsValidJourneyName(const std::string& name) {
  return !name.empty() &&
         name.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ==
             std::string::npos;
}

void ReadName(Context& c, const Field& value) {
  auto name = c.reader.Text(value);
  if (!name) return;
  if (!IsValidJourneyName(*name)) {
    c.reader.Error(value.location, "invalid journey name `" + *name + "`",
                   "use letters, digits, `_`, `.` and `-`");
    return;
  }
  c.journey.name = c.sources.name = *name;
  c.sources.name_location = value.location;
}

void ReadDescription(Context& c, const Field& value) {
  c.journey.description = c.reader.String(value).value_or("");
}

void ReadTier(Context& c, const Field& value) {
  static const Reader::Names<std::string> tiers = {{"quick", "quick"}, {"slow", "slow"}};
  c.journey.tier = c.reader.Enum(value, tiers, "tier").value_or("quick");
}

void ReadTags(Context& c, const Field& value) {
  c.journey.tags = c.reader.StringList(value).value_or(std::vector<std::string>{});
}

void ReadTimeout(Context& c, const Field& value) { c.journey.timeout = c.reader.Duration(value); }

void ReadRetries(Context& c, const Field& value) {
  c.journey.retries = c.reader.Int(value, 0, 100, "an integer from 0 to 100");
}

ViewportSpec MobilePreset() {
  ViewportSpec viewport;
  viewport.width = 390;
  viewport.height = 844;
  viewport.device_scale_factor = 3;
  viewport.mobile = true;
  viewport.user_agent =
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/126.0.0.0 Mobile Safari/537.36";
  viewport.preset = "mobile";
  return viewport;
}

void ReadViewportOption(Context& c, const Field& value, ViewportSpec& viewport) {
  Reader& r = c.reader;
  const std::string pixels = "an integer from 100 to 10000";
  if (value.name == "width") {
    viewport.width = r.Int(value, 100, 10000, pixels).value_or(viewport.width);
  } else if (value.name == "height") {
    viewport.height = r.Int(value, 100, 10000, pixels).value_or(viewport.height);
  } else if (value.name == "device_scale_factor") {
    viewport.device_scale_factor =
        r.Number(value, 0.5, 5, "a number from 0.5 to 5").value_or(viewport.device_scale_factor);
  } else if (value.name == "mobile") {
    viewport.mobile = r.Bool(value).value_or(false);
  } else if (value.name == "user_agent") {
    viewport.user_agent = r.Text(value).value_or("");
  } else {
    r.UnknownKey(value, {"width", "height", "device_scale_factor", "mobile", "user_agent"},
                 "`viewport`");
  }
}

void ReadViewport(Context& c, const Field& value) {
  static const Reader::Names<std::string> presets = {{"desktop", "desktop"}, {"mobile", "mobile"}};
  if (value.node.IsMap()) {
    for (const Field& entry : c.reader.Entries(value).value_or(std::vector<Field>{})) {
      ReadViewportOption(c, entry, c.journey.viewport);
    }
    return;
  }
  auto preset = c.reader.Enum(value, presets, "viewport preset");
  if (preset == "mobile") c.journey.viewport = MobilePreset();
  if (preset == "desktop") c.journey.viewport.preset = "desktop";
}

void ReadVars(Context& c, const Field& value) {
  for (const Field& entry : c.reader.Entries(value).value_or(std::vector<Field>{})) {
    if (!IsVariableName(entry.name)) {
      c.reader.Error(entry.key_location, "invalid variable name `" + entry.name + "`",
                     "use letters, digits, `_` and `-`");
      continue;
    }
    auto text = c.reader.Expandable(entry);
    if (text) c.journey.vars[entry.name] = *text;
  }
}

void ReadUses(Context& c, const Field& value) {
  std::set<std::string> seen;
  for (const Field& element :
       c.reader.Elements(value, "a list of journey names").value_or(std::vector<Field>{})) {
    auto name = c.reader.Text(element);
    if (!name) continue;
    if (!seen.insert(*name).second) {
      c.reader.Error(element.location, "`" + *name + "` is used twice");
      continue;
    }
    c.journey.uses.push_back(*name);
    c.sources.uses.push_back(element.location);
  }
}

void ReadSteps(Context& c, const Field& value) { c.journey.steps = c.steps.ParseSteps(value); }

struct JourneyField {
  const char* key;
  void (*read)(Context& c, const Field& value);
  bool required = false;
};

const std::vector<JourneyField>& JourneyFields() {
  static const std::vector<JourneyField> fields = {
      {"name", ReadName, true},   {"description", ReadDescription},
      {"tier", ReadTier},         {"tags", ReadTags},
      {"timeout", ReadTimeout},   {"retries", ReadRetries},
      {"viewport", ReadViewport}, {"vars", ReadVars},
      {"uses", ReadUses},         {"steps", ReadSteps, true},
  };
  return fields;
}

}  // namespace

void ReadJourney(Reader& reader, const Field& root, Journey& journey, JourneySources& sources) {
  if (!root.node.IsMap()) {
    reader.Error(root.location,
                 "a journey must be a map of fields, not " +
                     std::string(root.node.IsSequence() ? "a list" : "a scalar"),
                 "e.g. `name: view-main-page` and `steps: [...]`");
    return;
  }
  Context context{reader, StepParser(reader), journey, sources};
  std::set<std::string> given;
  std::vector<std::string> keys;
  for (const JourneyField& field : JourneyFields()) keys.push_back(field.key);
  for (const Field& entry : reader.Entries(root).value_or(std::vector<Field>{})) {
    auto field = std::find_if(JourneyFields().begin(), JourneyFields().end(),
                              [&](const JourneyField& f) { return entry.name == f.key; });
    if (field == JourneyFields().end()) {
      reader.UnknownKey(entry, keys, "the journey");
      continue;
    }
    given.insert(entry.name);
    field->read(context, entry);
  }
  for (const JourneyField& field : JourneyFields()) {
    if (field.required && given.count(field.key) == 0) {
      reader.Error(root.location, std::string("the journey needs `") + field.key + "`");
    }
  }
}

}  // namespace journeys
