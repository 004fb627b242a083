#include "orchestrator/stop_signals.h"

#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <cstring>

namespace orchestrator {

namespace {

// Wakes the waiting thread when the run is over.
constexpr int kWakeSignal = SIGUSR2;

sigset_t StopSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, kWakeSignal);
  return set;
}

}  // namespace

void StopSignals::BlockInThisThread() {
  sigset_t set = StopSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void StopSignals::UnblockInThisThread() {
  sigset_t set = StopSet();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

StopSignals::StopSignals(std::optional<std::chrono::steady_clock::time_point> deadline,
                         std::function<void(const std::string&)> on_stop,
                         std::function<void(const std::string&)> on_force)
    : on_stop_(std::move(on_stop)), on_force_(std::move(on_force)) {
  thread_ = std::thread([this, deadline] { Loop(deadline); });
}

StopSignals::~StopSignals() {
  over_ = true;
  pthread_kill(thread_.native_handle(), kWakeSignal);
  thread_.join();
}

void StopSignals::Loop(std::optional<std::chrono::steady_clock::time_point> deadline) {
  sigset_t set = StopSet();
  bool stopping = false;
  while (true) {
    siginfo_t info{};
    int signal;
    if (deadline && !stopping) {
      auto left = *deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) {
        stopping = true;
        on_stop_("--deadline reached");
        continue;
      }
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
      signal = sigtimedwait(&set, &info, &timeout);
      if (signal < 0) continue;  // EAGAIN: the deadline, checked above; EINTR: again
    } else {
      signal = sigwaitinfo(&set, &info);
      if (signal < 0) continue;
    }
    if (signal == kWakeSignal) {
      if (over_) return;
      continue;  // someone else's SIGUSR2 (kill -USR2): not a reason to stop listening
    }
    std::string reason = std::string(sigabbrev_np(signal) ? "SIG" : "signal ") +
                         (sigabbrev_np(signal) ? sigabbrev_np(signal) : std::to_string(signal)) +
                         " received";
    if (received_ == 0) received_ = signal;
    if (!stopping) {
      stopping = true;
      on_stop_(reason);
    } else {
      on_force_(reason);
    }
  }
}

}  // namespace orchestrator
