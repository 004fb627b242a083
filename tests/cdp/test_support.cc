// Received: handlers that record under a mutex and wake the waiting test. AdoptingOrphans and
// NoChildLeftInGroup: the subreaper side of process teardown.
#include "tests/cdp/test_support.h"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <cerrno>

namespace cujo_test {

cdp::Transport::Handlers Received::Handlers() {
  return {[this](std::string m) {
            std::lock_guard<std::mutex> lock(mutex);
            messages.push_back(std::move(m));
            cv.notify_all();
          },
          [this](std::string reason) {
            std::lock_guard<std::mutex> lock(mutex);
            closes.push_back(std::move(reason));
            cv.notify_all();
          }};
}

bool Received::WaitForMessages(size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex);
  return cv.wait_for(lock, timeout, [&] { return messages.size() >= count; });
}

bool Received::WaitForClose(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex);
  return cv.wait_for(lock, timeout, [&] { return !closes.empty(); });
}

AdoptingOrphans::AdoptingOrphans() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

AdoptingOrphans::~AdoptingOrphans() { prctl(PR_SET_CHILD_SUBREAPER, 0); }

bool NoChildLeftInGroup(pid_t group) {
  siginfo_t info{};
  return waitid(P_PGID, static_cast<id_t>(group), &info, WEXITED | WNOHANG | WNOWAIT) == -1 &&
         errno == ECHILD;
}

}  // namespace cujo_test
