// cujo.yaml holds the same keys as the flags (long names without the dashes), so a pipeline
// can keep its target and pool settings in a file; flags on the command line still win.
// Top-level keys apply to `run`; a map under a subcommand's name applies to that subcommand.
#pragma once

#include <CLI/CLI.hpp>

namespace orchestrator {

class YamlConfig : public CLI::Config {
 public:
  std::string to_config(const CLI::App* app, bool default_also, bool write_description,
                        std::string prefix) const override;
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;
};

}  // namespace orchestrator
