#include "orchestrator/scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <future>
#include <random>
#include <set>
#include <system_error>
#include <thread>

#include "cdp/isolated_world.h"
#include "cdp/page.h"
#include "journeys/net_errors.h"
#include "journeys/url_parts.h"

namespace orchestrator {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kProbeInterval{500};

// What Storage.clearDataForOrigin clears between the journeys of a --warm-cache context: every
// kind of per-origin storage, but not the HTTP cache the option is for (cookies are cleared for
// all origins at once).
constexpr char kVisitorStorage[] =
    "local_storage,indexeddb,websql,file_systems,service_workers,cache_storage,shared_storage,"
    "storage_buckets";

bool IsConnectionError(const std::string& text) {
  return !journeys::UnreachableError(text).empty() || !journeys::HungUpError(text).empty();
}

// The attempt failed because a connection to the target failed: its navigation did, or one of
// the target's own requests (a page whose scripts could not be fetched fails later, as a
// timeout). Worth probing the target and retrying instead of blaming the build at once.
bool IsConnectionFailure(const journeys::AttemptResult& result, const std::string& base_url) {
  if (!result.error) return false;
  if (result.error->kind == "navigation" && IsConnectionError(result.error->message)) return true;
  const std::string target = journeys::OriginOf(base_url);
  for (const auto& request : result.failed_requests) {
    if (IsConnectionError(request.error_text) && journeys::OriginOf(request.url) == target)
      return true;
  }
  return false;
}

journeys::AttemptResult InfrastructureFailure(const journeys::Journey& journey, int attempt,
                                              const std::string& message) {
  journeys::AttemptResult result;
  result.journey = journey.name;
  result.attempt = attempt;
  result.outcome = journeys::Outcome::kFailed;
  result.error = journeys::StepError{"browser", message, "", "", "", ""};
  return result;
}

std::string RunToken() {
  std::random_device random;
  char token[16];
  snprintf(token, sizeof token, "%06x", random() & 0xffffff);
  return token;
}

}  // namespace

Scheduler::Scheduler(BrowserPool& pool, std::vector<journeys::Journey> journeys,
                     ScheduleOptions options)
    : pool_(pool),
      journeys_(std::move(journeys)),
      options_(std::move(options)),
      unique_token_(RunToken()) {
  options_.attempt.cancelled = &cancelled_;
}

void Scheduler::Run() {
  started_ = Clock::now();
  next_start_ = started_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    MoreRoundsLocked();
  }
  int workers = pool_.size() * options_.per_browser;
  std::atomic<int> alive{workers};
  std::vector<std::thread> threads;
  for (int i = 0; i < workers; ++i) {
    threads.emplace_back([this, i, &alive] {
      Worker(i / options_.per_browser);
      std::lock_guard<std::mutex> lock(mutex_);
      --alive;
      cv_.notify_all();
    });
  }
  {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return alive == 0 || cancelled_; });
    if (alive > 0 && !cv_.wait_for(lock, options_.stop_grace, [&] { return alive == 0; })) {
      lock.unlock();
      // Journeys that did not finish in the grace period end with "browser disconnected".
      pool_.CloseAll();
    }
  }
  for (auto& thread : threads) thread.join();
}

void Scheduler::Stop(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (interrupted_.empty()) interrupted_ = reason;
  cancelled_ = true;
  cv_.notify_all();
}

std::string Scheduler::interrupted() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return interrupted_;
}

bool Scheduler::stopped_for_failures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopped_for_failures_;
}

bool Scheduler::RoundsLeftLocked() const {
  if (journeys_.empty()) return false;
  return options_.duration ? Clock::now() - started_ < *options_.duration
                           : rounds_started_ < options_.repeat;
}

bool Scheduler::MoreRoundsLocked() {
  if (!RoundsLeftLocked()) return false;
  ++rounds_started_;
  for (size_t i = 0; i < journeys_.size(); ++i) queue_.push_back(Job{i, 1, 0, rounds_started_});
  return true;
}

std::optional<Scheduler::Job> Scheduler::NextJob() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (cancelled_) return std::nullopt;
    if (queue_.empty()) {
      if (MoreRoundsLocked()) continue;
      if (running_ == 0) {
        cv_.notify_all();
        return std::nullopt;
      }
      cv_.wait(lock);  // a running journey may still be retried
      continue;
    }
    if (options_.rate_per_minute > 0) {
      auto now = Clock::now();
      if (now < next_start_) {
        cv_.wait_until(lock, next_start_);
        continue;
      }
      auto interval = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(60.0 / options_.rate_per_minute));
      next_start_ = std::max(next_start_ + interval, now);
    }
    Job job = queue_.front();
    queue_.pop_front();
    // Traffic mode ends on time: the rest of the round does not start (retries still run).
    if (options_.duration && job.attempt == 1 && Clock::now() - started_ >= *options_.duration) {
      continue;
    }
    ++running_;
    return job;
  }
}

// A context and a page for one journey, made ahead while the worker's current journey runs, so
// that the ~40 ms Chromium takes to make them and start their renderer overlaps that journey's
// waits on the wiki instead of coming between journeys. A/B on 2 cores with the headless shell:
// quick tier, 1 browser 1.88 -> 1.76 s; all 14 journeys with 2 browsers and traffic mode
// unchanged. (It was off from 6b39e07 to here: with the full browser and its spare renderer, a
// page made ahead cost one more renderer per journey and slowed the running one.)
// The page comes with the run's part of its set-up (journeys::PreparePage) done, too.
// With --warm-cache the page is made in the worker's shared context instead of a new one.
// After its journey the same pair is retired: disposed of while the next journey runs
// (WorkerState::retired).
struct FreshPage {
  std::shared_ptr<cdp::Browser> browser;
  std::unique_ptr<cdp::BrowserContext> context;  // null for a page in the shared context
  std::unique_ptr<cdp::Page> page;
  std::unique_ptr<cdp::IsolatedWorld> world;  // cujo's, in `page`

  FreshPage() = default;
  FreshPage(std::shared_ptr<cdp::Browser> b, std::unique_ptr<cdp::BrowserContext> c,
            std::unique_ptr<cdp::Page> p, std::unique_ptr<cdp::IsolatedWorld> w)
      : browser(std::move(b)), context(std::move(c)), page(std::move(p)), world(std::move(w)) {}
  FreshPage(FreshPage&&) = default;
  // Member-wise assignment would let the browser go before the page and context that use it.
  FreshPage& operator=(FreshPage&& other) noexcept {
    if (this != &other) {
      Close();
      browser = std::move(other.browser);
      context = std::move(other.context);
      page = std::move(other.page);
      world = std::move(other.world);
    }
    return *this;
  }
  // Members go in reverse: the world, the page, the context, then the browser.
  ~FreshPage() = default;
  FreshPage(const FreshPage&) = delete;
  FreshPage& operator=(const FreshPage&) = delete;

  void Close() {
    world.reset();
    page.reset();
    context.reset();
    browser.reset();
  }

  // Lets go without closing the page or disposing of the context: their browser closes next.
  void LeaveOpen() {
    if (page) page->LeaveOpen();
    if (context) context->LeaveOpen();
    Close();
  }
};

namespace {

// `shared`: the --warm-cache context to make the page in, or null for a context of its own.
// The caller keeps `shared` alive until the page is made (see WorkerState::DropWarmContext).
FreshPage MakeFreshPage(std::shared_ptr<cdp::Browser> browser, cdp::BrowserContext* shared,
                        const journeys::PageSetup& setup) {
  FreshPage fresh{std::move(browser), nullptr, nullptr, nullptr};
  if (shared != nullptr) {
    fresh.page = shared->NewPage();
  } else {
    fresh.context = fresh.browser->NewContext();
    fresh.page = fresh.context->NewPage();
  }
  fresh.world = journeys::PreparePage(*fresh.page, setup);
  return fresh;
}

// What the task that makes the next page left: the page, or nothing (no task, no page wanted,
// or making it failed).
FreshPage AwaitAhead(std::future<FreshPage>& ahead) {
  if (!ahead.valid()) return {};
  try {
    return ahead.get();
  } catch (const std::exception& e) {  // cdp::Error, or anything else the task met
    spdlog::debug("a page made ahead failed: {}", e.what());
    return {};
  }
}

// The page made ahead if it is on `browser` and came out whole and still alive (the renderer of
// an idle page can be killed too), else a new one.
FreshPage TakeFreshPage(std::future<FreshPage>& ahead, const std::shared_ptr<cdp::Browser>& browser,
                        cdp::BrowserContext* shared, const journeys::PageSetup& setup) {
  FreshPage fresh = AwaitAhead(ahead);
  if (fresh.page && fresh.browser == browser &&
      !browser->connection().closed(fresh.page->session_id())) {
    return fresh;
  }
  fresh.Close();  // before the new one is made: it may be a dead browser's
  return MakeFreshPage(browser, shared, setup);
}

}  // namespace

// What a worker keeps from one journey to the next.
struct WorkerState {
  // The last job's browser; with --warm-cache the next job reuses its context (declared after
  // it, so the context is disposed first), and the origins its journeys went to.
  std::shared_ptr<cdp::Browser> browser;
  std::unique_ptr<cdp::BrowserContext> warm_context;
  std::set<std::string> warm_origins;
  // The last journey's page and context, disposed of while the next journey runs (in the task
  // that makes the page after it): Chromium takes 10-20 ms to dispose of a context, which stood
  // between every two journeys (quick tier, 1 browser: 60 ms in all; the next page's set-up
  // also waited on it, 20 ms more). Only pages with a context of their own: a --warm-cache
  // page shares its context's cookies and storage with the next journey, and is closed at once.
  FreshPage retired;
  // Declared last: destroying it waits for a page still being made in warm_context.
  std::future<FreshPage> next_page;

  void DropWarmContext() {
    next_page = {};  // waits for a page being made in warm_context, and closes it, first
    warm_context.reset();
    warm_origins.clear();
  }

  // At the end of the run (see Scheduler::Run): what is left goes with the browsers.
  void LeaveOpen() {
    AwaitAhead(next_page).LeaveOpen();
    retired.LeaveOpen();
    if (warm_context) warm_context->LeaveOpen();
  }
};

void Scheduler::Worker(int slot) {
  WorkerState state;
  while (auto job = NextJob()) {
    journeys::AttemptResult result = RunJob(*job, slot, state);
    result.round = job->round;
    bool died = !state.browser || state.browser->connection().closed();
    if (died) {
      if (state.browser) pool_.ReportBroken(slot, state.browser);
      state.DropWarmContext();
    }
    if (!options_.warm_cache) state.browser.reset();
    Finish(*job, result);
  }
  state.LeaveOpen();
}

bool Scheduler::MoreJobsComing() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !queue_.empty() || RoundsLeftLocked();
}

journeys::AttemptResult Scheduler::RunJob(const Job& job, int slot, WorkerState& state) {
  const journeys::Journey& journey = journeys_[job.journey];
  FreshPage fresh;
  const char* missing = "no browser: ";
  try {
    auto previous = state.browser;
    state.browser = pool_.Acquire(slot);
    missing = "no page: ";
    const auto& browser = state.browser;
    // Same browser: keep the context and its HTTP cache; a new browser needs a new one.
    if (options_.warm_cache && (!state.warm_context || previous != browser)) {
      state.DropWarmContext();
      state.warm_context = browser->NewContext();
    }
    fresh = TakeFreshPage(state.next_page, browser, state.warm_context.get(), options_.page);
    if (options_.warm_cache) {
      // A returning visitor: cached assets, but no session, no cookies, no storage (a new page
      // has its own sessionStorage already). Cleared only now, after the journey before ended,
      // even if this page was made while it ran.
      fresh.page->Call("Network.clearBrowserCookies");
      for (const std::string& origin : state.warm_origins) {
        fresh.page->Call("Storage.clearDataForOrigin",
                         {{"origin", origin}, {"storageTypes", kVisitorStorage}});
      }
    }
  } catch (const cdp::Error& e) {
    std::string message = missing + std::string(e.what());
    // A browser that stopped answering is closed by the check, so the pool replaces it.
    if (e.kind() == cdp::ErrorKind::kTimeout && state.browser) {
      if (auto gone = state.browser->connection().CheckAnswering("making the page timed out")) {
        message += "; " + std::string(gone->what());
      }
    }
    return InfrastructureFailure(journey, job.attempt, message);
  }
  journeys::AttemptOptions attempt = options_.attempt;
  // The last journey's page is disposed of, and the next journey's made, while this one runs,
  // but only once this page is set up: started together, the two set-ups queue behind each
  // other in the browser, and this one's is on the critical path.
  attempt.on_page_ready = [this, &state] {
    const bool make = MoreJobsComing();
    if (!make && !state.retired.context) return;
    try {
      state.next_page =
          std::async(std::launch::async,
                     [retired = std::move(state.retired), make, browser = state.browser,
                      shared = state.warm_context.get(), &setup = options_.page]() mutable {
                       retired.Close();
                       return make ? MakeFreshPage(std::move(browser), shared, setup) : FreshPage();
                     });
    } catch (const std::system_error& e) {  // no thread to spare: made when needed instead
      spdlog::debug("no page made ahead: {}", e.what());
    }
  };
  attempt.attempt = job.attempt;
  // Unique across runs (the token) and attempts (the sequence): titles and edit text made from
  // it never collide with a previous run's pages on a shared staging wiki.
  attempt.unique = "cujo" + unique_token_ + "n" + std::to_string(++unique_sequence_);
  journeys::AttemptResult result =
      journeys::RunAttempt(*fresh.page, *fresh.world, journey, attempt);
  result.browser = "browser-" + std::to_string(slot + 1);
  if (options_.warm_cache) {
    for (const auto& navigation : result.navigations) {
      if (navigation.url.rfind("http", 0) == 0)
        state.warm_origins.insert(journeys::OriginOf(navigation.url));
    }
  }
  if (fresh.context) {
    state.retired = std::move(fresh);
  } else {
    fresh.Close();
  }
  return result;
}

void Scheduler::Finish(const Job& job, const journeys::AttemptResult& result) {
  const bool failed = result.outcome == journeys::Outcome::kFailed;
  const std::string kind = failed && result.error ? result.error->kind : "";
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (options_.on_attempt) options_.on_attempt(job.journey, result);
  }
  // The job still counts as running while the target is awaited, so the run cannot end
  // before its retry is queued.
  bool outage = false;
  // Not once the run is stopping: a probe of a target that does not answer takes seconds.
  if (failed && !cancelled_ && options_.probe_target &&
      IsConnectionFailure(result, options_.attempt.base_url)) {
    if (auto unreachable = AwaitTarget()) {
      Stop("target unreachable: " + *unreachable);
    } else {
      outage = true;  // it answers again: the attempt met an outage, not the build
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  --running_;
  if (failed && !cancelled_) {
    const journeys::Journey& journey = journeys_[job.journey];
    int retries_used = job.attempt - 1 - job.infra_retries_used;
    // What may not be the build's doing gets attempts of its own: the browser or the page's
    // renderer ended under the journey, the target was away for a while, or a renderer
    // crashed for the first time (a one-off of Chromium's or the machine's; crashing again,
    // it is the build's).
    bool first_crash = kind == "crash" && !job.crash_retried;
    bool infrastructure = kind == "browser" || outage || first_crash;
    Job next{job.journey, job.attempt + 1, job.infra_retries_used, job.round, job.crash_retried};
    if (infrastructure && job.infra_retries_used < options_.infra_retries) {
      ++next.infra_retries_used;
      next.crash_retried = next.crash_retried || first_crash;
      queue_.push_front(next);
    } else if (kind != "config" && retries_used < journey.retries.value_or(options_.retries)) {
      queue_.push_front(next);
    } else if (++failed_journeys_ >= options_.max_failures && options_.max_failures > 0) {
      if (interrupted_.empty()) {
        interrupted_ = "--max-failures " + std::to_string(options_.max_failures) + " reached";
        stopped_for_failures_ = true;
      }
      cancelled_ = true;
    }
  }
  cv_.notify_all();
}

std::optional<std::string> Scheduler::AwaitTarget() {
  const auto give_up = Clock::now() + options_.outage_grace;
  std::optional<std::string> unreachable = options_.probe_target();
  if (unreachable && !cancelled_) {  // a probe gives up when the run stops: no outage to wait on
    spdlog::warn("target unreachable ({}): waiting up to {} ms for it to come back", *unreachable,
                 options_.outage_grace.count());
  }
  while (unreachable && Clock::now() < give_up) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      auto next = std::min(Clock::now() + kProbeInterval, give_up);
      if (cv_.wait_until(lock, next, [this] { return cancelled_.load(); })) break;
    }
    unreachable = options_.probe_target();
  }
  return unreachable;
}

}  // namespace orchestrator
