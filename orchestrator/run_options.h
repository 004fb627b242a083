// Everything `cujo run` can be told, from flags or cujo.yaml (flags win). Plain data: the CLI
// fills it, RunCommand validates what the flag parser cannot and acts on it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace orchestrator {

struct RunOptions {
  std::vector<std::string> paths;
  std::string base_url;
  std::string tier = "all";
  std::vector<std::string> tags;
  std::string grep;
  std::string exclude;
  int browsers = 1;
  int per_browser = 1;
  int retries = 0;
  std::string timeout = "60s";
  std::string step_timeout = "10s";
  std::string shard;
  std::string out;
  int max_failures = 0;
  bool list = false;
  // Canary targeting
  std::vector<std::string> resolve;
  std::vector<std::string> headers;
  bool insecure = false;
  std::string user_agent;
  // Browsers
  std::vector<std::string> browser_endpoints;
  std::string chromium;
  int recycle_after = 100;
  bool warm_cache = false;
  // Traffic mode
  std::string duration;
  int repeat = 1;
  std::string rate;
  // Deployment step
  std::string deadline;
  std::string outage_grace = "20s";  // how long a target that went away may take to come back
  std::string log_format = "text";
  // Outputs
  std::string pushgateway;  // push metrics.prom here
  std::string baselines;    // visual baselines; empty: baselines/ next to each journey file
  bool update_baselines = false;
  // The gate
  std::string slo;       // SLO policy file; empty: slo.yaml beside the journeys, else built-in
  std::string baseline;  // a previous run's directory: failures are new, known or fixed
  std::vector<std::string> command_line;
};

}  // namespace orchestrator
