#include "orchestrator/yaml_config.h"

#include <yaml-cpp/yaml.h>

#include "journeys/did_you_mean.h"

namespace orchestrator {

namespace {

bool HasOption(const CLI::App& app, const std::string& key) {
  return app.get_option_no_throw("--" + key) != nullptr;
}

// The keys worth suggesting for `app`: its options' long names, but for --help and --config.
std::vector<std::string> Keys(const CLI::App& app) {
  std::vector<std::string> keys;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      if (name != "help" && name != "config") keys.push_back(name);
    }
  }
  return keys;
}

CLI::ConversionError UnknownKey(const std::string& file, const std::string& key,
                                std::vector<std::string> valid, const std::string& section) {
  std::string hint = journeys::DidYouMean(key, valid, "valid keys");
  return CLI::ConversionError(file + ": unknown setting '" + key + "'" +
                              (section.empty() ? "" : " under '" + section + "'") +
                              (hint.empty() ? "" : " (" + hint + ")"));
}

CLI::ConversionError Malformed(const std::string& file, const YAML::Node& node,
                               const std::string& problem) {
  return CLI::ConversionError(file + ": line " + std::to_string(node.Mark().line + 1) + ": " +
                              problem);
}

std::string KeyOf(const std::string& file, const YAML::Node& key) {
  if (!key.IsScalar()) throw Malformed(file, key, "a key must be an option's name");
  return key.Scalar();
}

CLI::ConfigItem Item(const std::string& file, std::vector<std::string> parents,
                     const std::string& key, const YAML::Node& value) {
  CLI::ConfigItem item;
  item.parents = std::move(parents);
  item.name = key;
  if (value.IsMap()) {
    throw Malformed(file, value, "'" + key + "' must be a value or a list, not a map");
  }
  if (value.IsSequence()) {
    for (const auto& element : value) {
      if (!element.IsScalar()) {
        throw Malformed(file, element, "'" + key + "' must be a list of values");
      }
      item.inputs.push_back(element.Scalar());
    }
  } else if (!value.IsNull()) {
    item.inputs.push_back(value.Scalar());
  }
  return item;
}

}  // namespace

std::string YamlConfig::to_config(const CLI::App*, bool, bool, std::string) const { return {}; }

std::vector<CLI::ConfigItem> YamlConfig::from_config(std::istream& input) const {
  // The file --config named (CLI11 hands over only its stream), else the default.
  std::string file = "cujo.yaml";
  if (const CLI::Option* option = app_.get_config_ptr(); option && option->count() > 0) {
    file = option->as<std::string>();
  }
  YAML::Node root;
  try {
    root = YAML::Load(input);
  } catch (const YAML::Exception& e) {
    throw CLI::ConversionError(file + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  std::vector<CLI::ConfigItem> items;
  if (root.IsNull()) return items;
  if (!root.IsMap()) throw CLI::ConversionError(file + " must be a map of option names");
  const CLI::App& run = *app_.get_subcommand("run");
  for (const auto& entry : root) {
    std::string key = KeyOf(file, entry.first);
    const YAML::Node& value = entry.second;
    auto named = app_.get_subcommands([&](const CLI::App* s) { return s->get_name() == key; });
    if (!named.empty() && value.IsMap()) {
      const CLI::App* section = named.front();
      for (const auto& setting : value) {
        std::string name = KeyOf(file, setting.first);
        if (!HasOption(*section, name)) throw UnknownKey(file, name, Keys(*section), key);
        items.push_back(Item(file, {key}, name, setting.second));
      }
    } else if (HasOption(app_, key)) {
      items.push_back(Item(file, {}, key, value));
    } else if (HasOption(run, key)) {
      items.push_back(Item(file, {"run"}, key, value));
    } else {
      std::vector<std::string> valid = Keys(app_);
      for (const std::string& name : Keys(run)) valid.push_back(name);
      throw UnknownKey(file, key, valid, "");
    }
  }
  return items;
}

}  // namespace orchestrator
