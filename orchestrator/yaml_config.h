// cujo.yaml holds the same keys as the flags (long names without the dashes), so a pipeline
// can keep its target and pool settings in a file; flags on the command line still win.
// Top-level keys are cujo's own options (chromium, log-level, log-format) or `run`'s; a map
// under a subcommand's name applies to that subcommand. A key no option has is an error, not
// ignored: a misspelt setting in a gate's file must not pass unnoticed.
#pragma once

#include <CLI/CLI.hpp>

namespace orchestrator {

class YamlConfig : public CLI::Config {
 public:
  // `app` must outlive the parse; its options are what the keys are checked against.
  explicit YamlConfig(const CLI::App& app) : app_(app) {}
  std::string to_config(const CLI::App* app, bool default_also, bool write_description,
                        std::string prefix) const override;
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

 private:
  const CLI::App& app_;
};

}  // namespace orchestrator
