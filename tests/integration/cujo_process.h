// Runs the real `cujo` binary the way a pipeline does, and looks at what it leaves: exit code,
// output, results.json, and the browsers it started (found by the private TMPDIR it was given,
// so that tests running in parallel do not see each other's browsers).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cdp/process.h"
#include "cdp/temp_dir.h"
#include "orchestrator/run_result.h"

namespace cujo_test {

class CujoProcess {
 public:
  // Starts `cujo ARGS...` with TMPDIR set to a fresh directory and the wiki's credentials in
  // CUJO_WIKI_USER/CUJO_WIKI_PASSWORD; under `wrapper` (`WRAPPER... cujo ARGS...`) when given,
  // and pid() is then the wrapper's.
  explicit CujoProcess(const std::vector<std::string>& args,
                       const std::vector<std::string>& wrapper = {});
  pid_t pid() const { return process_->pid(); }
  // Waits for it to exit; fails the test (and returns -1) after `timeout`.
  int Wait(std::chrono::milliseconds timeout = std::chrono::minutes(5));
  bool WaitForOutput(const std::string& needle, std::chrono::milliseconds timeout);
  std::string Output() const { return process_->OutputTail(); }
  const std::string& tmpdir() const { return tmpdir_.path(); }
  // The browser processes (the main ones, children of cujo) alive now.
  std::vector<pid_t> Browsers() const;
  // The renderer processes of those browsers alive now.
  std::vector<pid_t> Renderers() const;
  // Every process still alive that cujo started under its TMPDIR (browsers and their helpers).
  std::vector<pid_t> Leftovers() const;
  // Waits (on pidfds, no polling) for every leftover to exit, e.g. browsers the kernel is taking
  // down after cujo was killed; true when none is left within `timeout`.
  bool AwaitNoLeftovers(std::chrono::milliseconds timeout) const;

 private:
  cdp::TempDir tmpdir_{"cujo-cli-test-"};
  std::unique_ptr<cdp::ChildProcess> process_;
};

// /proc/PID/NAME, or "" when it cannot be read (the process may exit while it is read).
std::string ReadProcFile(pid_t pid, const std::string& name);

// The children of `parent` that are zombies now: exited, and not (yet) reaped by it.
std::vector<pid_t> ZombieChildren(pid_t parent);

// Waits (on inotify, no polling) until `path` exists, e.g. a file cujo writes to a temporary
// name and renames into place; true when it does within `timeout`.
bool AwaitFile(const std::string& path, std::chrono::milliseconds timeout);

// Fails the test if any process cujo started is still alive.
void ExpectNothingLeft(const CujoProcess& cujo);

// `cujo run JOURNEYS --base-url URL --out OUT EXTRA...` with OUT in a directory of its own.
// Tests assert behaviour, never speed: unless EXTRA names an --slo, the run uses a policy
// without duration budgets, so a loaded CI machine cannot turn a pass into `slow`.
struct CujoRun {
  explicit CujoRun(std::vector<std::string> extra, std::string base_url = "",
                   std::string journeys = BundledJourneysDir(),
                   const std::vector<std::string>& wrapper = {});
  static std::string BundledJourneysDir();
  cdp::TempDir tmp{"cujo-cli-out-"};
  std::string out;
  CujoProcess cujo;
};

orchestrator::RunResult ReadRun(const std::string& out_dir);
// A loopback port nobody listens on (an ephemeral one, bound and released): a target that is down.
int UnusedLoopbackPort();
// Body of an HTTP GET to a loopback URL (the fault proxy's control interface).
std::string HttpGet(const std::string& url);

}  // namespace cujo_test
