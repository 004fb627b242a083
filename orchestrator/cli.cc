#include "orchestrator/cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "artifacts/report_command.h"
#include "artifacts/slo_policy.h"
#include "cdp/browser.h"
#include "journeys/did_you_mean.h"
#include "journeys/validate_command.h"
#include "orchestrator/run_command.h"
#include "orchestrator/stop_signals.h"
#include "orchestrator/yaml_config.h"

namespace orchestrator {

namespace {

constexpr int kExitInconclusive = 2;
constexpr int kExitUsage = 3;

int RunVersion(const std::string& chromium) {
  std::cout << "cujo " << CUJO_VERSION << "\n";
  std::string problem = cdp::BrowserExecutableProblem(chromium);
  if (!problem.empty()) {
    std::cerr << "cujo: " << problem << "\n";
    return kExitUsage;
  }
  cdp::LaunchOptions options;
  options.executable = chromium;
  try {
    auto browser = cdp::Browser::Launch(options);
    std::cout << "chromium " << browser->product() << " (" << browser->executable() << ")\n";
  } catch (const cdp::Error& e) {
    std::cerr << "cujo: " << e.what() << "\n";
    return kExitInconclusive;
  }
  return 0;
}

void AddRunOptions(CLI::App& run, RunOptions& o) {
  run.add_option("paths", o.paths, "Journey files or directories")->required();
  run.add_option("--base-url", o.base_url, "The wiki to exercise, e.g. https://test.wikipedia.org");
  run.add_option("--tier", o.tier, "quick, slow or all")
      ->check(CLI::IsMember({"quick", "slow", "all"}))
      ->capture_default_str();
  run.add_option("--tag", o.tags, "Only journeys with this tag (repeatable)");
  run.add_option("--grep", o.grep, "Only journeys whose name matches this regex");
  run.add_option("--exclude", o.exclude, "Skip journeys whose name matches this regex");
  run.add_option("--browsers", o.browsers, "Browsers in the pool")->capture_default_str();
  run.add_option("--per-browser", o.per_browser, "Journeys at once in one browser")
      ->capture_default_str();
  run.add_option("--retries", o.retries, "Extra attempts after a failure")->capture_default_str();
  run.add_option("--timeout", o.timeout, "Time limit of one journey attempt")
      ->capture_default_str();
  run.add_option("--step-timeout", o.step_timeout, "Time limit of one step")->capture_default_str();
  run.add_option("--shard", o.shard, "Run shard K of N (K/N)");
  run.add_option("--out", o.out, "Output directory (default cujo-results/<timestamp>)");
  run.add_option("--max-failures", o.max_failures, "Stop after this many failed journeys");
  run.add_flag("--list", o.list, "List the selected journeys and exit");
  run.add_option("--resolve", o.resolve, "HOST:PORT:ADDR: reach HOST:PORT at ADDR (repeatable)");
  run.add_option("--header", o.headers, "'Name: value' sent with every request (repeatable)");
  run.add_flag("--insecure", o.insecure, "Accept any TLS certificate");
  run.add_option("--user-agent", o.user_agent, "User-Agent (default: Chromium's + cujo/VERSION)");
  run.add_option("--browser-endpoint", o.browser_endpoints,
                 "Use a running browser at ws://... or http://host:port (repeatable)");
  run.add_option("--recycle-after", o.recycle_after, "Replace a browser after N journeys")
      ->capture_default_str();
  run.add_flag("--warm-cache", o.warm_cache,
               "Keep the HTTP cache between journeys of a browser (cookies, storage cleared)");
  run.add_option("--duration", o.duration, "Traffic mode: repeat journeys for this long");
  run.add_option("--repeat", o.repeat, "Traffic mode: rounds over the journeys")
      ->capture_default_str();
  run.add_option("--rate", o.rate, "Traffic mode: journey starts per time, e.g. 30/min");
  run.add_option("--deadline", o.deadline,
                 "Stop and conclude before this much time has passed (e.g. 110s)");
  run.add_option("--outage-grace", o.outage_grace,
                 "How long a target that stops answering mid-run may take to come back before "
                 "the run stops as inconclusive (journeys it broke are retried)")
      ->capture_default_str();
  run.add_option(
      "--pushgateway", o.pushgateway,
      "Push metrics.prom to this Prometheus Pushgateway (http://host:port[/metrics/job/...])");
  run.add_option("--baselines", o.baselines,
                 "Directory of visual baselines (default: baselines/ next to each journey file)");
  run.add_flag("--update-baselines", o.update_baselines,
               "Write screenshot steps' baselines instead of comparing with them");
  run.add_option("--slo", o.slo,
                 "SLO policy file (default: slo.yaml beside the journeys, else built-in)");
  run.add_option("--baseline", o.baseline,
                 "A previous run's directory: label failures new, known or fixed");
}

}  // namespace

int CujoMain(int argc, char** argv) {
  // Before any thread exists, so that every thread inherits it (see StopSignals).
  StopSignals::BlockInThisThread();
  spdlog::set_default_logger(spdlog::stderr_color_mt("cujo"));
  spdlog::set_level(spdlog::level::warn);

  CLI::App app{"cujo: critical user journeys in headless Chromium, with a deployment verdict"};
  app.require_subcommand(1);
  // Global options (--chromium, --log-level, --config) may also follow the subcommand.
  app.fallthrough();
  app.config_formatter(std::make_shared<YamlConfig>(app));
  app.set_config("--config", "cujo.yaml", "Settings file (YAML; flags win)");
  std::string chromium;
  std::string log_level = "warn";
  std::string log_format = "text";
  app.add_option("--chromium", chromium,
                 "Chromium executable (default: $CUJO_CHROMIUM, else "
                 "/usr/lib/chromium/chromium-headless-shell if installed, else "
                 "/usr/lib/chromium/chromium)");
  app.add_option("--log-level", log_level,
                 "trace (also every CDP command and its round trip), debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.add_option("--log-format", log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Run journeys and give the verdict");
  AddRunOptions(*run, run_options);
  RunOptions list_options;
  auto* list = app.add_subcommand("list", "List journeys with tier, tags and file");
  list->add_option("paths", list_options.paths, "Journey files or directories")->required();
  list->add_option("--tier", list_options.tier, "quick, slow or all");
  list->add_option("--tag", list_options.tags, "Only journeys with this tag");
  std::vector<std::string> validate_paths;
  auto* validate = app.add_subcommand("validate", "Check journey files without running them");
  validate->add_option("paths", validate_paths, "Journey files or directories")->required();
  auto* version = app.add_subcommand("version", "Print cujo's and Chromium's versions");
  std::string report_dir, report_pushgateway;
  auto* report = app.add_subcommand("report", "Regenerate junit.xml, report.html, metrics.prom");
  report->add_option("dir", report_dir, "A run's output directory (holding results.json)")
      ->required();
  report->add_option("--pushgateway", report_pushgateway, "Also push the metrics here");
  std::vector<std::string> merge_dirs;
  std::string merge_out, merge_slo, merge_pushgateway;
  auto* merge = app.add_subcommand("merge", "Merge shard outputs into one run with its verdict");
  merge->add_option("dirs", merge_dirs, "The shards' output directories")->required();
  merge->add_option("--out", merge_out, "Output directory of the merged run")->required();
  merge->add_option("--slo", merge_slo,
                    "SLO policy file (default: the one the shards were judged under)");
  merge->add_option("--pushgateway", merge_pushgateway, "Also push the merged metrics here");

  // CLI11 would only say "A subcommand is required" of `cujo rn`.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> commands;
    for (const CLI::App* command : app.get_subcommands({})) commands.push_back(command->get_name());
    if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
      std::cerr << "cujo: unknown command `" << argv[1] << "` ("
                << journeys::DidYouMean(argv[1], commands, "commands") << ")\n";
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));
  if (log_format == "json") {
    spdlog::set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"message":"%v"})",
        spdlog::pattern_time_type::utc);
  }
  if (!*run) StopSignals::UnblockInThisThread();
  if (*run) {
    run_options.chromium = chromium;
    run_options.command_line.assign(argv, argv + argc);
    return RunCommand(run_options, std::cout, std::cerr);
  }
  if (*list) {
    list_options.list = true;
    return RunCommand(list_options, std::cout, std::cerr);
  }
  if (*validate) {
    // The policy beside the journeys is part of what `cujo run` would refuse to start with.
    std::vector<journeys::Diagnostic> policy_errors;
    artifacts::LoadSloPolicy("", validate_paths, policy_errors);
    return journeys::RunValidate(validate_paths, std::cout, std::cerr, policy_errors);
  }
  if (*version) return RunVersion(chromium);
  if (*report) return artifacts::RunReport(report_dir, report_pushgateway, std::cout, std::cerr);
  if (*merge) {
    return artifacts::RunMerge(merge_dirs, merge_out, merge_slo, merge_pushgateway, std::cout,
                               std::cerr);
  }
  return kExitUsage;
}

}  // namespace orchestrator
