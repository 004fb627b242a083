#include "orchestrator/progress.h"

#include <cstdio>

namespace orchestrator {

Progress::Progress(std::ostream& out, bool terminal, int planned)
    : out_(out),
      terminal_(terminal),
      planned_(planned),
      started_(std::chrono::steady_clock::now()) {}

std::string Progress::Elapsed() const {
  auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_)
          .count();
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%lld:%02lld", static_cast<long long>(seconds / 60),
           static_cast<long long>(seconds % 60));
  return buffer;
}

void Progress::OnAttempt(const journeys::AttemptResult& result) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (planned_ > 0 && result.attempt > 1) ++planned_;
  bool failed = result.outcome == journeys::Outcome::kFailed;
  if (failed) ++failed_;
  std::string count =
      "[" + std::to_string(done_) + (planned_ > 0 ? "/" + std::to_string(planned_) : "") + "]";
  if (terminal_) {
    out_ << "\r" << count << " " << failed_ << " failed " << Elapsed() << " " << result.journey
         << "\x1b[K";
    // A failure stays on screen; the status line continues below it.
    if (failed && result.error) {
      out_ << "\n  FAIL " << result.journey << " (attempt " << result.attempt
           << "): " << result.error->message << "\n";
    }
    out_.flush();
    return;
  }
  char duration[32];
  snprintf(duration, sizeof duration, "%.1f s", result.duration_ms / 1000);
  out_ << count << " " << (failed ? "FAIL" : "PASS") << " " << result.journey;
  if (result.attempt > 1) out_ << " (attempt " << result.attempt << ")";
  out_ << " " << duration;
  if (failed && result.error) out_ << ": " << result.error->message;
  out_ << std::endl;
}

void Progress::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (terminal_ && done_ > 0) out_ << "\n";
  out_.flush();
}

}  // namespace orchestrator
