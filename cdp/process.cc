#include "cdp/process.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// glibc 2.36's <sys/pidfd.h> lacks extern "C", so C++ callers see mangled names.
extern "C" {
#include <sys/pidfd.h>
}

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <future>
#include <system_error>
#include <thread>

#include "cdp/error.h"

extern char** environ;

namespace cdp {

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kOutputTailBytes = 16 * 1024;
// In the child: fd 5 reports an exec failure to the parent and closes on a successful exec.
constexpr int kExecErrorFd = 5;
constexpr int kFirstScratchFd = 10;

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// PR_SET_PDEATHSIG fires when the *thread* that forked exits, not the process. Browsers are
// launched from short-lived worker threads, so every fork happens on this one thread, which
// lives until cujo exits.
class SpawnerThread {
 public:
  static SpawnerThread& Instance() {
    static SpawnerThread instance;
    return instance;
  }

  void Run(const std::function<void()>& task) {
    std::packaged_task<void()> packaged(task);
    auto done = packaged.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(packaged));
    }
    cv_.notify_one();
    done.get();
  }

 private:
  SpawnerThread() : thread_([this] { Loop(); }) {}
  ~SpawnerThread() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::packaged_task<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      throw Error(ErrorKind::kLaunch, std::string("pipe2 failed: ") + strerror(errno));
    }
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    CloseFd(read);
    CloseFd(write);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
};

std::vector<std::string> BuildEnvironment(const ProcessSpec& spec) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string item(*entry);
    std::string name = item.substr(0, item.find('='));
    bool overridden = std::any_of(spec.env.begin(), spec.env.end(),
                                  [&](const auto& kv) { return kv.first == name; });
    if (!overridden) env.push_back(std::move(item));
  }
  for (const auto& [name, value] : spec.env) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> PointerArray(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Runs in the forked child: only async-signal-safe calls until execve.
[[noreturn]] void ExecChild(const char* path, char* const* argv, char* const* envp, pid_t parent,
                            int cmd_read, int reply_write, int output_write, int exec_error) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // cujo died between fork and prctl

  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &dfl, nullptr);
  }

  // Move every source above the target range first so dup2 cannot clobber one of them.
  auto lift = [](int fd) { return fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, kFirstScratchFd); };
  cmd_read = lift(cmd_read);
  reply_write = lift(reply_write);
  output_write = lift(output_write);
  exec_error = lift(exec_error);

  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull >= 0) dup2(devnull, 0);
  dup2(output_write, 1);
  dup2(output_write, 2);
  if (cmd_read >= 0) {
    dup2(cmd_read, 3);
    dup2(reply_write, 4);
  } else {
    close(3);
    close(4);
  }
  dup2(exec_error, kExecErrorFd);
  fcntl(kExecErrorFd, F_SETFD, FD_CLOEXEC);
  close_range(kExecErrorFd + 1, ~0U, 0);

  execve(path, argv, envp);
  int error = errno;
  (void)!write(kExecErrorFd, &error, sizeof error);
  _exit(127);
}

// Any process may exit while its /proc entry is read, and read(2) then fails with ESRCH:
// std::ifstream read through istreambuf_iterator turned that into an exception that escaped
// browser teardown and aborted cujo. Here a failed read is just an empty or short answer.
std::string ReadCmdline(const char* pid) {
  std::string text;
  int fd = open((std::string("/proc/") + pid + "/cmdline").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buffer[4096];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return text;
}

std::string SignalName(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "unknown";
}

}  // namespace

std::string ExitStatus::Describe() const {
  if (signal != 0) {
    return "killed by signal " + std::to_string(signal) + " (" + SignalName(signal) + ")";
  }
  return "exited with code " + std::to_string(code);
}

// Reads the child's stdout/stderr until EOF (or until stopped: grandchildren that left the
// process group may hold the pipe open) and keeps the tail. Chromium blocks if nobody reads.
class ChildProcess::OutputDrain {
 public:
  // Owns `fd` once constructed; when construction throws, the caller still does.
  explicit OutputDrain(int fd) : fd_(fd) {
    if (pipe2(wake_, O_CLOEXEC) != 0) {
      throw Error(ErrorKind::kLaunch, std::string("pipe2 failed: ") + strerror(errno));
    }
    try {
      thread_ = std::thread([this] { Loop(); });
    } catch (const std::system_error& e) {
      close(wake_[0]);
      close(wake_[1]);
      throw Error(ErrorKind::kLaunch,
                  std::string("no thread for the browser's output: ") + e.what());
    }
  }
  ~OutputDrain() {
    (void)!write(wake_[1], "x", 1);
    thread_.join();
    close(fd_);
    close(wake_[0]);
    close(wake_[1]);
  }

  std::string Tail() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return tail_;
  }

  bool WaitForEnd(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_until(lock, deadline, [this] { return ended_; });
  }

  std::optional<std::string> WaitForLine(const std::string& needle, Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    size_t scanned = 0;  // lines ever written before the next one to look at
    while (true) {
      for (size_t i = std::max(scanned, dropped_lines_); i < dropped_lines_ + lines_.size(); ++i) {
        const std::string& line = lines_[i - dropped_lines_];
        if (line.find(needle) != std::string::npos) return line;
      }
      scanned = dropped_lines_ + lines_.size();
      if (ended_) return std::nullopt;
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
    }
  }

 private:
  void Loop() {
    char buffer[4096];
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    while (true) {
      if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
      if (fds[1].revents != 0) break;
      if (fds[0].revents == 0) continue;
      ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      Append(std::string_view(buffer, static_cast<size_t>(n)));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
    cv_.notify_all();
  }

  void Append(std::string_view data) {
    std::lock_guard<std::mutex> lock(mutex_);
    tail_.append(data);
    if (tail_.size() > kOutputTailBytes) tail_.erase(0, tail_.size() - kOutputTailBytes);
    // The latest lines only: a child may say much before the line a waiter wants (Chromium's
    // warnings before "DevTools listening"). A waiter is woken at every read, so it sees each
    // line unless a single read brings more than the window holds.
    for (char c : data) {
      if (c == '\n') {
        lines_.push_back(std::move(partial_line_));
        partial_line_.clear();
        if (lines_.size() > kKeptLines) {
          lines_.pop_front();
          ++dropped_lines_;
        }
      } else if (partial_line_.size() < 4096) {
        partial_line_.push_back(c);
      }
    }
    cv_.notify_all();
  }

  int fd_;
  int wake_[2];
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::string tail_;
  std::string partial_line_;
  static constexpr size_t kKeptLines = 256;
  std::deque<std::string> lines_;
  size_t dropped_lines_ = 0;
  bool ended_ = false;
  std::thread thread_;
};

std::unique_ptr<ChildProcess> ChildProcess::Spawn(const ProcessSpec& spec) {
  if (access(spec.executable.c_str(), X_OK) != 0) {
    throw Error(ErrorKind::kLaunch, "cannot execute " + spec.executable + ": " + strerror(errno));
  }
  std::vector<std::string> argv_strings{spec.executable};
  argv_strings.insert(argv_strings.end(), spec.args.begin(), spec.args.end());
  std::vector<std::string> env_strings = BuildEnvironment(spec);
  std::vector<char*> argv = PointerArray(argv_strings);
  std::vector<char*> envp = PointerArray(env_strings);

  Pipe output, exec_error;
  std::optional<Pipe> commands, replies;
  if (spec.cdp_pipe) {
    commands.emplace();
    replies.emplace();
  }

  pid_t pid = -1;
  int fork_errno = 0;
  pid_t parent = getpid();
  SpawnerThread::Instance().Run([&] {
    pid = fork();
    if (pid == 0) {
      ExecChild(argv[0], argv.data(), envp.data(), parent, commands ? commands->read : -1,
                replies ? replies->write : -1, output.write, exec_error.write);
    }
    fork_errno = errno;
  });
  if (pid < 0) {
    throw Error(ErrorKind::kLaunch, "fork failed: " + std::string(strerror(fork_errno)));
  }
  // The parent's copy of the group id is set too, so a signal to the group can never miss
  // a child that has not run setpgid yet.
  setpgid(pid, pid);

  CloseFd(output.write);
  CloseFd(exec_error.write);
  if (commands) CloseFd(commands->read);
  if (replies) CloseFd(replies->write);

  int exec_errno = 0;
  ssize_t n;
  do {
    n = read(exec_error.read, &exec_errno, sizeof exec_errno);
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    int status;
    waitpid(pid, &status, 0);
    throw Error(ErrorKind::kLaunch,
                "cannot execute " + spec.executable + ": " + strerror(exec_errno));
  }

  int pidfd = pidfd_open(pid, 0);
  if (pidfd < 0) {
    int error = errno;
    kill(-pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    throw Error(ErrorKind::kLaunch, std::string("pidfd_open failed: ") + strerror(error));
  }
  int cdp_write_fd = commands ? std::exchange(commands->write, -1) : -1;
  int cdp_read_fd = replies ? std::exchange(replies->read, -1) : -1;
  int output_fd = std::exchange(output.read, -1);
  try {
    return std::unique_ptr<ChildProcess>(
        new ChildProcess(pid, pidfd, cdp_write_fd, cdp_read_fd, output_fd));
  } catch (...) {
    // Out of descriptors or threads: the process is running, and nothing else would end it.
    kill(-pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    for (int fd : {pidfd, cdp_write_fd, cdp_read_fd, output_fd}) {
      if (fd >= 0) close(fd);
    }
    throw;
  }
}

ChildProcess::ChildProcess(pid_t pid, int pidfd, int cdp_write_fd, int cdp_read_fd, int output_fd)
    : pid_(pid),
      pidfd_(pidfd),
      cdp_write_fd_(cdp_write_fd),
      cdp_read_fd_(cdp_read_fd),
      drain_(std::make_unique<OutputDrain>(output_fd)) {}

ChildProcess::~ChildProcess() {
  Terminate();
  drain_.reset();
  CloseFd(cdp_write_fd_);
  CloseFd(cdp_read_fd_);
  CloseFd(pidfd_);
}

int ChildProcess::ReleaseCdpWriteFd() { return std::exchange(cdp_write_fd_, -1); }
int ChildProcess::ReleaseCdpReadFd() { return std::exchange(cdp_read_fd_, -1); }

std::string ChildProcess::OutputTail() const { return drain_->Tail(); }

std::optional<std::string> ChildProcess::WaitForOutputLine(const std::string& needle,
                                                           std::chrono::milliseconds timeout) {
  return drain_->WaitForLine(needle, Clock::now() + timeout);
}

bool ChildProcess::WaitForOutputEnd(std::chrono::milliseconds timeout) {
  return drain_->WaitForEnd(Clock::now() + timeout);
}

std::optional<ExitStatus> ChildProcess::WaitForExit(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (exit_status_) return exit_status_;
      siginfo_t info{};
      // WNOWAIT: observe the exit but leave the zombie, keeping the group id reserved.
      if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
          info.si_pid == pid_) {
        ExitStatus status;
        if (info.si_code == CLD_EXITED) {
          status.code = info.si_status;
        } else {
          status.signal = info.si_status;
        }
        exit_status_ = status;
        return exit_status_;
      }
    }
    int remaining = RemainingMs(deadline);
    if (remaining == 0) return std::nullopt;
    pollfd fd{pidfd_, POLLIN, 0};
    poll(&fd, 1, remaining);
  }
}

void ChildProcess::SignalGroup(int signal) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!reaped_) kill(-pid_, signal);
}

ExitStatus ChildProcess::Terminate() {
  SignalGroup(SIGKILL);
  // SIGKILL is final; this wait only covers the kernel's teardown of the process.
  auto status = WaitForExit(std::chrono::seconds(10));
  std::lock_guard<std::mutex> lock(mutex_);
  if (!reaped_) {
    if (!status) spdlog::error("process {} did not exit within 10 s of SIGKILL", pid_);
    // The child is reaped with the rest of its group. Members whose parent died before them
    // (a zygote's children, or all of them when the browser crashed) go to the nearest
    // subreaper or PID 1. When that is this process, nobody else reaps them: each would stay a
    // zombie for the rest of the run. Every member got the SIGKILL, and an orphan is handed
    // over before its parent can be reaped, so the loop ends with the last of them.
    int raw = 0;
    pid_t reaped;
    while ((reaped = waitpid(-pid_, &raw, 0)) > 0 || errno == EINTR) {
      // Its status, also when the wait above gave up before it was known.
      if (reaped == pid_ && !exit_status_) {
        ExitStatus observed;
        if (WIFEXITED(raw)) observed.code = WEXITSTATUS(raw);
        if (WIFSIGNALED(raw)) observed.signal = WTERMSIG(raw);
        exit_status_ = observed;
      }
    }
    reaped_ = true;
  }
  return exit_status_.value_or(ExitStatus{});
}

bool AdoptsOrphans() {
  int subreaper = 0;
  return getpid() == 1 || (prctl(PR_GET_CHILD_SUBREAPER, &subreaper) == 0 && subreaper != 0);
}

int KillProcessesReferencing(const std::string& path, std::chrono::milliseconds grace) {
  std::vector<int> pidfds;
  if (DIR* proc = opendir("/proc")) {
    while (dirent* entry = readdir(proc)) {
      if (!std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) continue;
      std::string text = ReadCmdline(entry->d_name);
      if (text.find(path) == std::string::npos) continue;
      int fd = pidfd_open(static_cast<pid_t>(std::stoi(entry->d_name)), 0);
      if (fd >= 0) pidfds.push_back(fd);
    }
    closedir(proc);
  }
  auto deadline = Clock::now() + grace;
  int killed = 0;
  for (int fd : pidfds) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, RemainingMs(deadline)) == 0 &&
        pidfd_send_signal(fd, SIGKILL, nullptr, 0) == 0) {
      ++killed;
      // SIGKILL is asynchronous: wait (bounded) until it is really gone.
      poll(&p, 1, 1000);
    }
    // A handler whose parent exited is adopted like the group's orphans (see Terminate):
    // reaped here when this process is the one that adopted it.
    siginfo_t info{};
    waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(fd), &info, WEXITED | WNOHANG);
    close(fd);
  }
  return killed;
}

}  // namespace cdp
