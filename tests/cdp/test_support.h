// Helpers shared by the cdp tests: catching the cdp::Error a call must throw, recording what a
// Transport hands to its handlers, and adopting orphans as cujo does.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/types.h>

#include "cdp/error.h"
#include "cdp/transport.h"

namespace cujo_test {

// The cdp::Error that `f` throws; throws std::runtime_error (failing the test) if none.
template <typename F>
cdp::Error CaptureError(F&& f) {
  try {
    f();
  } catch (const cdp::Error& e) {
    return e;
  }
  throw std::runtime_error("expected a cdp::Error");
}

// What a transport handed to its handlers. Read `messages` and `closes` after a wait returned
// true (or under `mutex`).
struct Received {
  // Generous: bounds things that normally take milliseconds.
  static constexpr std::chrono::milliseconds kWait{10000};

  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> messages;
  std::vector<std::string> closes;

  cdp::Transport::Handlers Handlers();
  bool WaitForMessages(size_t count, std::chrono::milliseconds timeout = kWait);
  bool WaitForClose(std::chrono::milliseconds timeout = kWait);
};

// While it lives, this test process adopts its descendants' orphans, as cujo does
// (orchestrator/main.cc) and as PID 1 of a container does.
class AdoptingOrphans {
 public:
  AdoptingOrphans();
  ~AdoptingOrphans();
  AdoptingOrphans(const AdoptingOrphans&) = delete;
  AdoptingOrphans& operator=(const AdoptingOrphans&) = delete;
};

// True when no child of this process is left in process group `group`, not even a zombie.
bool NoChildLeftInGroup(pid_t group);

}  // namespace cujo_test
