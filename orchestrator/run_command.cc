#include "orchestrator/run_command.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <optional>

#include "artifacts/attempt_journal.h"
#include "artifacts/baselines.h"
#include "artifacts/outputs.h"
#include "artifacts/pushgateway.h"
#include "artifacts/results_file.h"
#include "artifacts/verdict.h"
#include "cdp/transport.h"
#include "journeys/artifact_sink.h"
#include "journeys/catalog.h"
#include "journeys/did_you_mean.h"
#include "journeys/duration.h"
#include "orchestrator/browser_pool.h"
#include "orchestrator/progress.h"
#include "orchestrator/scheduler.h"
#include "orchestrator/selection.h"
#include "orchestrator/stop_signals.h"
#include "orchestrator/target.h"

namespace orchestrator {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kExitUsage = artifacts::kExitConfig;
// Results are rewritten at most this often during a run (and always at its end).
constexpr auto kResultsInterval = std::chrono::seconds(2);

// Thrown for anything the user must fix before a run can start; becomes exit code 3.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string IsoNow() {
  time_t now = time(nullptr);
  tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string DefaultOutDir() {
  time_t now = time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  char buffer[64];
  strftime(buffer, sizeof buffer, "cujo-results/%Y%m%d-%H%M%S", &local);
  return buffer;
}

std::chrono::milliseconds Duration(const std::string& text, const char* flag) {
  std::string error;
  auto parsed = journeys::ParseDuration(text, &error);
  if (!parsed) {
    throw UsageError(std::string(flag) + " must be a duration such as 500ms, 30s or 5m: " + error);
  }
  return *parsed;
}

void RequireAtLeast(int value, int minimum, const char* flag) {
  if (value < minimum) {
    throw UsageError(std::string(flag) + " must be at least " + std::to_string(minimum) + " (got " +
                     std::to_string(value) + ")");
  }
}

// Bounded both ways: no pacing below one start an hour, and none above what a pool can start
// (an absurdly slow rate also overflowed the interval between starts).
double RatePerMinute(const std::string& rate) {
  if (rate.empty()) return 0;
  size_t slash = rate.find('/');
  std::string count_text = rate.substr(0, slash);
  std::string unit = slash == std::string::npos ? "min" : rate.substr(slash + 1);
  char* end = nullptr;
  double count = std::strtod(count_text.c_str(), &end);
  double per_minute = unit == "s" ? count * 60 : unit == "h" ? count / 60 : count;
  if (count_text.empty() || end != count_text.c_str() + count_text.size() ||
      (unit != "min" && unit != "s" && unit != "h") || !(per_minute >= 1.0 / 60) ||
      per_minute > 100000) {
    throw UsageError(
        "--rate must look like 30/min, 2/s or 600/h, between 1/h and 100000/min (got '" + rate +
        "')");
  }
  return per_minute;
}

// The previous run's durations, for longest-first scheduling: cujo-results/latest.
std::map<std::string, double> PreviousDurations(const std::string& out_dir) {
  std::string latest = std::filesystem::path(out_dir).parent_path().string() + "/latest";
  try {
    return artifacts::LastAttemptDurations(latest);
  } catch (const std::exception&) {
    return {};  // No previous run: catalog order.
  }
}

// "results/" names the directory "results": its `latest` link goes beside it, not inside it
// (with the slash, the path's parent was the directory itself and the link was never made).
std::string WithoutTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

void PointLatestAt(const std::string& out_dir) {
  std::filesystem::path dir(out_dir);
  std::filesystem::path latest = dir.parent_path() / "latest";
  std::error_code ec;
  if (std::filesystem::is_symlink(latest, ec) || !std::filesystem::exists(latest, ec)) {
    std::filesystem::remove(latest, ec);
    std::filesystem::create_directory_symlink(dir.filename(), latest, ec);
  }
}

void PrintSummary(std::ostream& out, const RunResult& run, const artifacts::Summary& summary,
                  const std::string& out_dir) {
  std::map<std::string, int> counts;
  for (const auto& journey : summary.journeys) ++counts[journey.status];
  out << "cujo: " << summary.journeys.size() << " journeys: " << counts["passed"] << " passed, "
      << counts["failed"] << " failed, " << counts["flaky"] << " flaky";
  if (counts["not_run"] > 0) out << ", " << counts["not_run"] << " not run";
  char seconds[32];
  snprintf(seconds, sizeof seconds, "%.1f s", run.run.duration_ms / 1000);
  out << " in " << seconds << "\n";
  for (const auto& reason : summary.reasons) out << "  " << reason << "\n";
  for (const auto& group : summary.groups) {
    if (group.journeys.size() < 2) continue;
    out << "  " << group.journeys.size() << " journeys: " << group.fingerprint << "\n";
  }
  if (!summary.baseline.empty()) {
    std::map<std::string, int> labels;
    for (const auto& journey : summary.journeys) ++labels[journey.baseline];
    out << "  against " << summary.baseline << ": " << labels["new"] << " new, " << labels["known"]
        << " known, " << labels["fixed"] << " fixed\n";
  }
  for (const auto& record : run.journeys) {
    if (record.attempts.empty()) continue;
    const auto& last = record.attempts.back();
    if (last.outcome == journeys::Outcome::kFailed && !last.failure.screenshot.empty()) {
      out << "  " << record.name << " screenshot: " << out_dir << "/" << last.failure.screenshot
          << "\n";
    }
  }
  out << "verdict: " << summary.verdict << " (exit " << summary.exit_code << ")\n";
  out << "results: " << out_dir << "/results.json\nsummary: " << out_dir << "/summary.md\n";
}

class Run {
 public:
  Run(const RunOptions& options, std::ostream& out, std::ostream& err)
      : options_(options), out_(out), err_(err) {}

  int Execute() {
    Prepare();
    if (options_.list) return List();
    CreateOutDir();
    metadata_.started_at = IsoNow();
    started_ = Clock::now();
    // Asked while the browsers start: the target's answer (a page the server renders) would
    // otherwise come before the launch on the critical path of every verdict.
    std::future<std::optional<std::string>> probe = std::async(std::launch::async, [this] {
      return ProbeTarget(*url_, mappings_, std::chrono::seconds(10), &stopping_);
    });
    std::string interrupted = Schedule(probe);
    int code = Conclude(interrupted);
    if (browsers_closed_.valid()) browsers_closed_.get();
    return code;
  }

 private:
  void Prepare() {
    if (options_.paths.empty()) throw UsageError("no journey files given (cujo run PATH...)");
    std::string error;
    if (!options_.list || !options_.base_url.empty()) {
      if (options_.base_url.empty()) throw UsageError("--base-url is required");
      url_ = ParseBaseUrl(options_.base_url, &error);
      if (!url_) throw UsageError("--base-url " + error);
    }
    // Checked now, not when the browsers are reached or the metrics pushed.
    for (const auto& endpoint : options_.browser_endpoints) {
      std::string problem = cdp::BrowserEndpointProblem(endpoint);
      if (!problem.empty()) throw UsageError("--browser-endpoint: " + problem);
    }
    if (!options_.list && options_.browser_endpoints.empty()) {
      std::string problem = cdp::BrowserExecutableProblem(options_.chromium);
      if (!problem.empty()) throw UsageError(problem);
    }
    if (!options_.pushgateway.empty()) {
      std::string problem = artifacts::PushgatewayUrlProblem(options_.pushgateway);
      if (!problem.empty()) throw UsageError(problem);
    }
    if (options_.tier != "quick" && options_.tier != "slow" && options_.tier != "all") {
      throw UsageError("--tier must be quick, slow or all (got '" + options_.tier + "')");
    }
    RequireAtLeast(options_.browsers, 1, "--browsers");
    RequireAtLeast(options_.per_browser, 1, "--per-browser");
    RequireAtLeast(options_.retries, 0, "--retries");
    RequireAtLeast(options_.repeat, 1, "--repeat");
    RequireAtLeast(options_.max_failures, 0, "--max-failures");
    RequireAtLeast(options_.recycle_after, 1, "--recycle-after");
    timeout_ = Duration(options_.timeout, "--timeout");
    step_timeout_ = Duration(options_.step_timeout, "--step-timeout");
    if (!options_.duration.empty()) duration_ = Duration(options_.duration, "--duration");
    if (!options_.deadline.empty()) deadline_ = Duration(options_.deadline, "--deadline");
    outage_grace_ = Duration(options_.outage_grace, "--outage-grace");
    rate_ = RatePerMinute(options_.rate);
    for (const auto& text : options_.resolve) {
      auto mapping = ParseResolve(text, &error);
      if (!mapping) throw UsageError(error);
      mappings_.push_back(*mapping);
    }
    if (!mappings_.empty() && !options_.browser_endpoints.empty()) {
      throw UsageError(
          "--resolve needs browsers that cujo launches; it cannot change the host "
          "resolution of --browser-endpoint browsers");
    }
    for (const auto& text : options_.headers) {
      auto header = ParseHeader(text, &error);
      if (!header) throw UsageError(error);
      headers_[header->first] = header->second;
    }
    SelectionCriteria criteria;
    criteria.tier = options_.tier;
    criteria.tags = options_.tags;
    criteria.grep = options_.grep;
    criteria.exclude = options_.exclude;
    if (!options_.shard.empty()) {
      criteria.shard = ParseShard(options_.shard, &error);
      if (!criteria.shard) throw UsageError(error);
      metadata_.shard = criteria.shard->ToString();
    }

    catalog_ = journeys::LoadCatalog(options_.paths);
    if (!catalog_.ok()) {
      for (const auto& diagnostic : catalog_.errors) err_ << diagnostic.ToString() << "\n";
      throw UsageError(std::to_string(catalog_.errors.size()) +
                       " error(s) in the journey files; nothing was run");
    }
    LoadGate();
    out_dir_ = options_.out.empty() ? DefaultOutDir() : WithoutTrailingSlashes(options_.out);
    std::error_code ec;
    if (!options_.baseline.empty() &&
        std::filesystem::equivalent(out_dir_, options_.baseline, ec)) {
      throw UsageError("--out " + out_dir_ +
                       " is the --baseline run: this run would overwrite what it compares with");
    }
    try {
      selected_ = SelectJourneys(catalog_.journeys, criteria, PreviousDurations(out_dir_));
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }

  // The SLO policy and the baseline run: a mistake in either stops the run before it starts.
  void LoadGate() {
    std::vector<journeys::Diagnostic> errors;
    policy_ = artifacts::LoadSloPolicy(options_.slo, options_.paths, errors);
    if (!policy_) {
      for (const auto& diagnostic : errors) err_ << diagnostic.ToString() << "\n";
      throw UsageError(std::to_string(errors.size()) +
                       " error(s) in the SLO policy; nothing was run");
    }
    metadata_.slo_policy = policy_->Recorded();
    WarnOfMisspeltJourneys();
    if (options_.baseline.empty()) return;
    try {
      baseline_ = artifacts::ReadResults(options_.baseline);
    } catch (const std::exception& e) {
      throw UsageError(std::string("--baseline: ") + e.what());
    }
  }

  // A rule for a journey that no file defines, named like one that is, is most likely a typo
  // that leaves that journey to the defaults. Not an error: a policy may cover journeys that
  // this run did not load.
  void WarnOfMisspeltJourneys() {
    std::vector<std::string> names;
    for (const auto& journey : catalog_.journeys) names.push_back(journey.name);
    for (const auto& [name, rule] : policy_->journeys) {
      std::string closest = catalog_.Find(name) ? "" : journeys::ClosestName(name, names);
      if (closest.empty()) continue;
      err_ << "cujo: warning: " << policy_->Source() << ": a rule for journey `" << name
           << "`, which no journey file defines; did you mean `" << closest << "`?\n";
    }
  }

  int List() {
    for (const auto* journey : selected_) {
      out_ << journey->name << "\t" << journey->tier << "\t";
      for (size_t i = 0; i < journey->tags.size(); ++i) out_ << (i ? "," : "") << journey->tags[i];
      out_ << "\t" << journey->location.file << "\n";
    }
    out_ << selected_.size() << " journeys selected\n";
    return 0;
  }

  void CreateOutDir() {
    std::error_code ec;
    std::filesystem::create_directories(out_dir_, ec);
    if (ec)
      throw UsageError("cannot create the output directory " + out_dir_ + ": " + ec.message());
    if (access(out_dir_.c_str(), W_OK) != 0) {
      throw UsageError("the output directory " + out_dir_ + " is not writable");
    }
    sink_ = std::make_unique<journeys::DirectoryArtifactSink>(out_dir_);
    baselines_ = std::make_unique<artifacts::Baselines>(
        artifacts::BaselineOptions{options_.baselines, options_.update_baselines, out_dir_});
    for (const auto* journey : selected_) {
      JourneyRecord record;
      record.name = journey->name;
      record.file = journey->location.file;
      record.tier = journey->tier;
      record.tags = journey->tags;
      record.description = journey->description;
      records_.push_back(std::move(record));
    }
    try {
      journal_ = std::make_unique<artifacts::AttemptJournal>(out_dir_, records_.size());
    } catch (const std::runtime_error& e) {
      throw UsageError(e.what());
    }
    metadata_.base_url = options_.base_url;
    metadata_.cujo_version = CUJO_VERSION;
    metadata_.command_line = options_.command_line;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    metadata_.hostname = host;
  }

  // Runs the journeys once `probe` (of the target) found it reachable; returns why the run
  // stopped early, or "".
  std::string Schedule(std::future<std::optional<std::string>>& probe) {
    PoolOptions pool_options;
    pool_options.browsers =
        options_.browser_endpoints.empty()
            ? options_.browsers
            : std::max<int>(options_.browsers, static_cast<int>(options_.browser_endpoints.size()));
    pool_options.recycle_after = options_.recycle_after;
    pool_options.endpoints = options_.browser_endpoints;
    pool_options.launch.executable = options_.chromium;
    pool_options.insecure = options_.insecure;
    if (!mappings_.empty()) {
      pool_options.launch.extra_args.push_back("--host-resolver-rules=" +
                                               HostResolverRules(mappings_));
    }
    pool_ = std::make_unique<BrowserPool>(pool_options);
    BrowserPool& pool = *pool_;
    std::optional<Scheduler> scheduler;
    // Signals and the deadline count from here: browsers are about to exist.
    std::optional<Clock::time_point> deadline;
    if (deadline_) deadline = started_ + *deadline_;
    StopSignals signals(
        deadline,
        [&](const std::string& reason) {
          std::lock_guard<std::mutex> lock(stop_mutex_);
          stop_reason_ = reason;
          // The scheduler first: a probe that gives up for the flag must find the run stopped
          // with this reason, not make its "stopped" the reason.
          if (scheduler) scheduler->Stop(reason);
          stopping_ = true;
        },
        [&](const std::string&) { pool.CloseAll(); });
    std::string no_browser;
    try {
      pool.Start();
    } catch (const cdp::Error& e) {
      no_browser = std::string("no browser could be started: ") + e.what();
    }
    // An unreachable target is the first thing to say, whether or not a browser started; but
    // not when the run was stopped meanwhile (the probe gave up for that).
    std::optional<std::string> unreachable = probe.get();
    if (no_browser.empty()) metadata_.chromium_version = pool.product();
    if (stopping_) {
      std::lock_guard<std::mutex> lock(stop_mutex_);
      return stop_reason_;
    }
    if (unreachable) return "target unreachable: " + *unreachable;
    if (!no_browser.empty()) return no_browser;

    std::vector<journeys::Journey> resolved;
    for (const auto* journey : selected_)
      resolved.push_back(journeys::ResolveUses(catalog_, *journey));
    ScheduleOptions schedule;
    schedule.per_browser = options_.per_browser;
    schedule.retries = options_.retries;
    schedule.repeat = options_.repeat;
    schedule.duration = duration_;
    schedule.rate_per_minute = rate_;
    schedule.max_failures = options_.max_failures;
    schedule.warm_cache = options_.warm_cache;
    schedule.attempt.base_url = options_.base_url;
    schedule.attempt.step_timeout = step_timeout_;
    schedule.attempt.journey_timeout = timeout_;
    schedule.page.extra_headers = headers_;
    std::string suffix = std::string(" cujo/") + CUJO_VERSION;
    schedule.page.user_agent =
        options_.user_agent.empty() ? pool.user_agent() + suffix : options_.user_agent;
    schedule.attempt.user_agent_suffix = options_.user_agent.empty() ? suffix : "";
    schedule.attempt.artifacts = sink_.get();
    schedule.attempt.compare_baseline = [this](const journeys::Step& step, const std::string& png,
                                               const std::string& path,
                                               const std::vector<journeys::Box>& masks) {
      return baselines_->Compare(step, png, path, masks);
    };
    schedule.probe_target = [this] {
      return ProbeTarget(*url_, mappings_, std::chrono::seconds(5), &stopping_);
    };
    schedule.outage_grace = outage_grace_;
    Progress progress(out_, isatty(STDOUT_FILENO) != 0,
                      duration_ ? 0 : static_cast<int>(resolved.size()) * options_.repeat);
    schedule.on_attempt = [&](size_t journey, const journeys::AttemptResult& result) {
      // Journaled before it is shown: a run killed now has every attempt it reported.
      std::string problem = journal_->Append(journey, result);
      if (!problem.empty()) spdlog::error("{}", problem);
      progress.OnAttempt(result);
      // Every 2 s, but in a long traffic run no more than ~60 times in all: each snapshot
      // rewrites every attempt so far.
      auto now = Clock::now();
      if (now - last_write_ >= std::max<Clock::duration>(kResultsInterval, (now - started_) / 60)) {
        WriteResults();
      }
    };
    {
      std::lock_guard<std::mutex> lock(stop_mutex_);
      scheduler.emplace(pool, std::move(resolved), std::move(schedule));
      if (!stop_reason_.empty()) scheduler->Stop(stop_reason_);
    }
    scheduler->Run();
    progress.Finish();
    std::string interrupted = scheduler->interrupted();
    metadata_.stopped_for_failures = scheduler->stopped_for_failures();
    {
      std::lock_guard<std::mutex> lock(stop_mutex_);
      scheduler.reset();
    }
    // The browsers close while the results and reports are written: their exit and the removal
    // of their profiles would otherwise stand between the last journey and the verdict. They
    // take the last journeys' pages with them (Scheduler::Run leaves those open).
    browsers_closed_ = std::async(std::launch::async, [&pool] { pool.CloseAll(); });
    return interrupted;
  }

  // results.json while the run goes on.
  void WriteResults() {
    try {
      journal_->WriteResults(out_dir_, Snapshot("", records_));
    } catch (const std::exception& e) {
      spdlog::error("{}", e.what());
    }
    last_write_ = Clock::now();
  }

  // The run so far, around `journeys` (the records, with or without their attempts).
  RunResult Snapshot(const std::string& interrupted, std::vector<JourneyRecord> journeys) {
    RunResult run;
    run.run = metadata_;
    run.run.interrupted = interrupted;
    run.run.finished_at = IsoNow();
    run.run.duration_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    run.journeys = std::move(journeys);
    if (!interrupted.empty()) MarkNotRun(run.journeys, interrupted);
    return run;
  }

  int Conclude(const std::string& interrupted) {
    RunResult run;
    try {
      run = Snapshot(interrupted, journal_->Load(records_));
    } catch (const std::exception& e) {
      err_ << "cujo: the attempts cannot be read back, no verdict: " << e.what() << "\n";
      return artifacts::kExitInconclusive;
    }
    artifacts::Summary summary =
        artifacts::Summarize(run, *policy_, baseline_ ? &*baseline_ : nullptr, options_.baseline);
    run.summary = summary.ToJson();
    try {
      artifacts::WriteResults(out_dir_, run);
    } catch (const std::exception& e) {
      err_ << "cujo: " << e.what() << "\n";
      PrintSummary(out_, run, summary, out_dir_);
      return artifacts::kExitInconclusive;
    }
    PointLatestAt(out_dir_);
    Publish(run);
    PrintSummary(out_, run, summary, out_dir_);
    out_ << "report: " << out_dir_ << "/report.html\n";
    return summary.exit_code;
  }

  // The outputs derived from results.json, the metrics push and the baselines written: none of
  // them changes the verdict.
  void Publish(const RunResult& run) {
    for (const auto& problem : artifacts::WriteOutputs(out_dir_, run)) {
      err_ << "cujo: " << problem << "\n";
    }
    if (!options_.pushgateway.empty()) {
      std::string problem = artifacts::PushRunMetrics(options_.pushgateway, run);
      if (!problem.empty()) err_ << "cujo: warning: metrics not pushed: " << problem << "\n";
    }
    for (const auto& path : baselines_->written()) out_ << "baseline written: " << path << "\n";
  }

  const RunOptions& options_;
  std::ostream& out_;
  std::ostream& err_;
  std::optional<ParsedUrl> url_;
  std::vector<HostMapping> mappings_;
  std::map<std::string, std::string> headers_;
  std::chrono::milliseconds timeout_{0}, step_timeout_{0}, outage_grace_{0};
  std::optional<std::chrono::milliseconds> duration_, deadline_;
  double rate_ = 0;
  journeys::Catalog catalog_;
  std::vector<const journeys::Journey*> selected_;
  std::string out_dir_;
  std::unique_ptr<journeys::DirectoryArtifactSink> sink_;
  std::unique_ptr<artifacts::Baselines> baselines_;
  std::optional<artifacts::SloPolicy> policy_;
  std::optional<RunResult> baseline_;
  RunMetadata metadata_;
  // One per selected journey, without attempts: those are in the journal.
  std::vector<JourneyRecord> records_;
  std::unique_ptr<artifacts::AttemptJournal> journal_;
  Clock::time_point started_;
  Clock::time_point last_write_;
  std::mutex stop_mutex_;
  std::string stop_reason_;
  std::atomic<bool> stopping_{false};  // stop_reason_ is set: probes of the target give up
  std::unique_ptr<BrowserPool> pool_;
  // Declared after pool_: its destructor, which waits for the closing, runs first.
  std::future<void> browsers_closed_;
};

}  // namespace

int RunCommand(const RunOptions& options, std::ostream& out, std::ostream& err) {
  try {
    return Run(options, out, err).Execute();
  } catch (const UsageError& e) {
    err << "cujo: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace orchestrator
