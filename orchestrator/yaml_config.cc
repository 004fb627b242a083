#include "orchestrator/yaml_config.h"

#include <yaml-cpp/yaml.h>

namespace orchestrator {

namespace {

const char* const kSubcommands[] = {"run", "list", "validate", "version", "report", "merge"};

bool IsSubcommand(const std::string& key) {
  for (const char* name : kSubcommands) {
    if (key == name) return true;
  }
  return false;
}

void AddItems(const YAML::Node& map, const std::vector<std::string>& parents,
              std::vector<CLI::ConfigItem>& items) {
  for (const auto& entry : map) {
    std::string key = entry.first.as<std::string>();
    const YAML::Node& value = entry.second;
    if (value.IsMap()) {
      if (!IsSubcommand(key)) {
        throw CLI::ConversionError("cujo.yaml: '" + key + "' must be a value or a list, not a map");
      }
      AddItems(value, {key}, items);
      continue;
    }
    CLI::ConfigItem item;
    item.parents = parents;
    item.name = key;
    if (value.IsSequence()) {
      for (const auto& element : value) item.inputs.push_back(element.as<std::string>());
    } else if (!value.IsNull()) {
      item.inputs.push_back(value.as<std::string>());
    }
    items.push_back(std::move(item));
  }
}

}  // namespace

std::string YamlConfig::to_config(const CLI::App*, bool, bool, std::string) const { return {}; }

std::vector<CLI::ConfigItem> YamlConfig::from_config(std::istream& input) const {
  YAML::Node root;
  try {
    root = YAML::Load(input);
  } catch (const YAML::Exception& e) {
    throw CLI::ConversionError("cujo.yaml: line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  std::vector<CLI::ConfigItem> items;
  if (root.IsNull()) return items;
  if (!root.IsMap()) throw CLI::ConversionError("cujo.yaml must be a map of option names");
  AddItems(root, {"run"}, items);
  return items;
}

}  // namespace orchestrator
