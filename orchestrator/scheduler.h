// Runs the selected journeys on a browser pool: N browsers x M journeys at once, each in its
// own browser context; retries (a browser that died gets the journey a fresh browser without
// using up its retries); traffic mode (repeat, duration, pacing); and an orderly stop on a
// signal, a deadline, too many failures or a target that stayed away longer than the outage
// grace (journeys that an outage broke are retried once it is back).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "journeys/executor.h"
#include "journeys/journey.h"
#include "journeys/page_setup.h"
#include "orchestrator/browser_pool.h"

namespace orchestrator {

struct ScheduleOptions {
  int per_browser = 1;
  int retries = 0;        // a journey's own `retries` wins
  int infra_retries = 2;  // extra attempts after the browser or renderer ended under a journey
  int repeat = 1;         // traffic mode: rounds over the selection
  std::optional<std::chrono::milliseconds> duration;  // traffic mode: keep going this long
  double rate_per_minute = 0;  // traffic mode: journey starts per minute; 0 = as fast as possible
  int max_failures = 0;        // stop after this many failed journeys; 0 = never
  bool warm_cache = false;     // keep a browser context's HTTP cache between journeys
  std::chrono::milliseconds stop_grace{5000};
  journeys::AttemptOptions attempt;  // base URL, timeouts, artifact sink
  journeys::PageSetup page;          // user agent and headers, sent to each page once made
  // Called after each attempt with the journey's index (from worker threads, serialized):
  // the caller owns the records.
  std::function<void(size_t journey, const journeys::AttemptResult&)> on_attempt;
  // Why the target is unreachable, or nullopt; asked after a connection-level failure.
  std::function<std::optional<std::string>()> probe_target;
  // How long the target may stay unreachable before the run stops.
  std::chrono::milliseconds outage_grace{20000};
};

struct WorkerState;  // what a worker keeps between its journeys (scheduler.cc)

class Scheduler {
 public:
  // `journeys` must have their `uses` resolved.
  Scheduler(BrowserPool& pool, std::vector<journeys::Journey> journeys, ScheduleOptions options);
  // Runs until every job is done or the run is stopped. The last journeys' pages are left open
  // for the caller to close with their browsers (BrowserPool::CloseAll): disposing of each
  // first would only delay the verdict.
  void Run();
  // Thread-safe: no new journeys start; running ones get `stop_grace` to finish before their
  // browsers are closed. The first reason wins.
  void Stop(const std::string& reason);
  // Why the run stopped early, or "".
  std::string interrupted() const;
  // Whether it stopped because --max-failures journeys failed.
  bool stopped_for_failures() const;

 private:
  struct Job {
    size_t journey = 0;
    int attempt = 1;
    int infra_retries_used = 0;
    int round = 1;               // AttemptResult::round
    bool crash_retried = false;  // a renderer crash already had its attempt of its own
  };

  void Worker(int slot);
  std::optional<Job> NextJob();
  journeys::AttemptResult RunJob(const Job& job, int slot, WorkerState& state);
  // Whether another job may follow: one queued, or a round of traffic mode or --repeat still
  // to start (the next round's first journey can use a page made ahead, too).
  bool MoreJobsComing() const;
  void Finish(const Job& job, const journeys::AttemptResult& result);
  // After a connection-level failure: polls the target until it answers (nullopt) or the
  // outage grace runs out (why it is unreachable). A stop ends the wait early.
  std::optional<std::string> AwaitTarget();
  // Queues the next round if one is left (the mutex held).
  bool MoreRoundsLocked();
  bool RoundsLeftLocked() const;

  BrowserPool& pool_;
  std::vector<journeys::Journey> journeys_;
  ScheduleOptions options_;
  std::atomic<bool> cancelled_{false};
  const std::string unique_token_;
  std::atomic<uint64_t> unique_sequence_{0};

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  int running_ = 0;
  int rounds_started_ = 0;
  int failed_journeys_ = 0;
  std::string interrupted_;
  bool stopped_for_failures_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point next_start_;
};

}  // namespace orchestrator
