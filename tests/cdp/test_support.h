// Helpers shared by the cdp tests: catching the cdp::Error a call must throw, and recording
// what a Transport hands to its handlers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

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

}  // namespace cujo_test
