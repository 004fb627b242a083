#include "cdp/renderer_exit.h"

#include <sys/wait.h>

#include <csignal>

#include "cdp/process.h"

namespace cdp {

namespace {

// The error code of a renderer that crashed, exited or was killed is its raw wait status.
ExitStatus FromWaitStatus(int wait_status) {
  ExitStatus exit;
  if (WIFSIGNALED(wait_status)) {
    exit.signal = WTERMSIG(wait_status);
  } else if (WIFEXITED(wait_status)) {
    exit.code = WEXITSTATUS(wait_status);
  }
  return exit;
}

}  // namespace

Error RendererExitError(const std::string& status, int error_code) {
  if (status == "crashed" || status == "abnormal") {
    ExitStatus exit = FromWaitStatus(error_code);
    // Chromium stops its own processes with a trap instruction (SIGTRAP or SIGILL on x86) on
    // a failed CHECK and when V8 or the allocator runs out of memory: a page whose memory
    // grows without bound ends this way, not with status "oom".
    bool deliberate = exit.signal == SIGTRAP || exit.signal == SIGILL;
    return Error(
        ErrorKind::kPageCrashed,
        "page crashed: its renderer " + exit.Describe() +
            (deliberate ? ", Chromium's own stop on a failed check or out of memory" : ""));
  }
  if (status == "killed") {
    return Error(ErrorKind::kRendererGone,
                 "page's renderer " + FromWaitStatus(error_code).Describe() +
                     " from outside the browser (the host's OOM killer, an operator)");
  }
  return Error(ErrorKind::kRendererGone, "page's renderer ended: " + status + " (error code " +
                                             std::to_string(error_code) + ")");
}

}  // namespace cdp
