// A child process that cannot outlive cujo: its own process group, killed by the kernel when
// cujo dies (PR_SET_PDEATHSIG), no inherited descriptors, stderr drained into a bounded tail
// that error messages quote. Generic on purpose: the browser launcher is its main user.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdp {

struct ProcessSpec {
  std::string executable;
  std::vector<std::string> args;                         // argv[1..]
  std::vector<std::pair<std::string, std::string>> env;  // set on top of cujo's environment
  bool cdp_pipe = false;  // child reads fd 3 and writes fd 4 (--remote-debugging-pipe)
};

struct ExitStatus {
  int code = 0;                  // exit code when the process exited
  int signal = 0;                // the signal that killed it, 0 when it exited
  std::string Describe() const;  // "exited with code 1", "killed by signal 9 (SIGKILL)"
};

class ChildProcess {
 public:
  // Throws cdp::Error(kLaunch) naming the executable and the errno when it cannot be started.
  static std::unique_ptr<ChildProcess> Spawn(const ProcessSpec& spec);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Kills the whole process group and reaps the child.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Parent ends of the CDP pipe; the caller takes ownership. -1 without cdp_pipe.
  int ReleaseCdpWriteFd();
  int ReleaseCdpReadFd();

  // The last few KiB the child wrote to stdout/stderr.
  std::string OutputTail() const;
  // Waits until a line of output contains `needle`; returns that line, or nullopt on timeout
  // or when the output ended first.
  std::optional<std::string> WaitForOutputLine(const std::string& needle,
                                               std::chrono::milliseconds timeout);

  // Waits until the output pipe reached end of file (the child and everything that inherited
  // its output exited), so that OutputTail is complete. False on timeout.
  bool WaitForOutputEnd(std::chrono::milliseconds timeout);

  // Waits for the child to exit without reaping it (so its process group id stays reserved
  // until Terminate). nullopt on timeout.
  std::optional<ExitStatus> WaitForExit(std::chrono::milliseconds timeout);
  // Sends `signal` to the whole process group (ignored once the group is reaped).
  void SignalGroup(int signal);
  // SIGKILLs the group and reaps the child, and every member of the group this process adopted
  // (see AdoptsOrphans). Idempotent; returns the exit status.
  ExitStatus Terminate();

 private:
  class OutputDrain;
  ChildProcess(pid_t pid, int pidfd, int cdp_write_fd, int cdp_read_fd, int output_fd);

  pid_t pid_;
  int pidfd_;
  mutable std::mutex mutex_;  // guards the exit state below
  int cdp_write_fd_;
  int cdp_read_fd_;
  bool reaped_ = false;
  std::optional<ExitStatus> exit_status_;
  std::unique_ptr<OutputDrain> drain_;
};

// Whether orphans of this process's descendants come to it (it is PID 1 of a container, or a
// subreaper), so that ChildProcess::Terminate reaps the group members a kill leaves behind.
bool AdoptsOrphans();

// Processes that escaped a process group (Chromium's crashpad handlers double-fork and call
// setsid) are found by a path only they use, given `grace` to exit, then SIGKILLed by pidfd,
// and reaped when this process adopted them. Returns how many had to be killed.
int KillProcessesReferencing(const std::string& path, std::chrono::milliseconds grace);

}  // namespace cdp
