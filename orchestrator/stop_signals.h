// SIGINT/SIGTERM and --deadline end a run the same orderly way: stop scheduling, let running
// journeys finish briefly, write what finished, close every browser. A second signal skips
// the grace period. Signals are blocked in every thread and taken by one waiting thread, so
// no handler ever runs in the middle of cujo's own code.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace orchestrator {

class StopSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread (and so in threads it starts later): call
  // it first thing in main.
  static void BlockInThisThread();
  // For a command that does not take them (report, merge, ...): their default action again,
  // so that Ctrl-C ends it.
  static void UnblockInThisThread();

  // `on_stop(reason)` for the first signal or the deadline, `on_force(reason)` for the next.
  StopSignals(std::optional<std::chrono::steady_clock::time_point> deadline,
              std::function<void(const std::string&)> on_stop,
              std::function<void(const std::string&)> on_force);
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // The first signal's number, 0 if none came.
  int received() const { return received_; }

 private:
  void Loop(std::optional<std::chrono::steady_clock::time_point> deadline);

  std::function<void(const std::string&)> on_stop_;
  std::function<void(const std::string&)> on_force_;
  std::atomic<int> received_{0};
  std::atomic<bool> over_{false};  // set before the wake signal, which alone is not proof
  std::thread thread_;
};

}  // namespace orchestrator
