#include "tests/integration/cujo_process.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "artifacts/results_file.h"
#include "tests/integration/journey_fixture.h"

namespace cujo_test {

std::string ReadProcFile(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name, std::ios::binary);
  // A process that exits meanwhile fails the read with ESRCH, which the iterator throws.
  try {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure&) {
    return "";
  }
}

namespace {

// What is left until `deadline`, for poll(2): never negative.
int MillisecondsLeft(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

std::vector<pid_t> AllPids() {
  std::vector<pid_t> pids;
  DIR* proc = opendir("/proc");
  while (dirent* entry = readdir(proc)) {
    if (isdigit(static_cast<unsigned char>(entry->d_name[0]))) {
      pids.push_back(std::stoi(entry->d_name));
    }
  }
  closedir(proc);
  return pids;
}

struct ProcState {
  char state;  // 'Z' for a zombie
  pid_t parent;
  pid_t group;
};

// From /proc/PID/stat, "PID (comm) S PPID PGRP ...", where comm may hold spaces and
// parentheses; nullopt once the process is gone.
std::optional<ProcState> ReadState(pid_t pid) {
  std::string stat = ReadProcFile(pid, "stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 4 >= stat.size()) return std::nullopt;
  ProcState state{stat[paren + 2], 0, 0};
  if (sscanf(stat.c_str() + paren + 4, "%d %d", &state.parent, &state.group) != 2) {
    return std::nullopt;
  }
  return state;
}

// Live (not zombie) process whose command line mentions `text`.
bool LiveAndMentions(pid_t pid, const std::string& text) {
  auto state = ReadState(pid);
  return state && state->state != 'Z' &&
         ReadProcFile(pid, "cmdline").find(text) != std::string::npos;
}

}  // namespace

std::vector<pid_t> ZombieChildren(pid_t parent) {
  std::vector<pid_t> zombies;
  for (pid_t pid : AllPids()) {
    auto state = ReadState(pid);
    if (state && state->state == 'Z' && state->parent == parent) zombies.push_back(pid);
  }
  return zombies;
}

CujoProcess::CujoProcess(const std::vector<std::string>& args,
                         const std::vector<std::string>& wrapper) {
  cdp::ProcessSpec spec;
  spec.executable = wrapper.empty() ? CUJO_BINARY : wrapper.front();
  if (!wrapper.empty()) {
    spec.args.assign(wrapper.begin() + 1, wrapper.end());
    spec.args.push_back(CUJO_BINARY);
  }
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.env = {{"TMPDIR", tmpdir_.path()},
              {"CUJO_WIKI_USER", Wiki().user},
              {"CUJO_WIKI_PASSWORD", Wiki().password}};
  process_ = cdp::ChildProcess::Spawn(spec);
}

int CujoProcess::Wait(std::chrono::milliseconds timeout) {
  auto status = process_->WaitForExit(timeout);
  if (!status) {
    ADD_FAILURE() << "cujo did not exit within " << timeout.count() << " ms:\n" << Output();
    process_->Terminate();
    return -1;
  }
  // Its last words may still be in the pipe.
  process_->WaitForOutputEnd(std::chrono::seconds(5));
  return status->signal != 0 ? 128 + status->signal : status->code;
}

bool CujoProcess::WaitForOutput(const std::string& needle, std::chrono::milliseconds timeout) {
  return process_->WaitForOutputLine(needle, timeout).has_value();
}

std::vector<pid_t> CujoProcess::Browsers() const {
  std::vector<pid_t> found;
  for (pid_t pid : AllPids()) {
    auto state = ReadState(pid);
    if (state && state->parent == process_->pid() &&
        LiveAndMentions(pid, "--remote-debugging-pipe")) {
      found.push_back(pid);
    }
  }
  return found;
}

std::vector<pid_t> CujoProcess::Renderers() const {
  std::vector<pid_t> found;
  for (pid_t browser : Browsers()) {
    // A browser leads its own process group; its zygotes' children (renderers) stay in it.
    for (pid_t pid : AllPids()) {
      auto state = ReadState(pid);
      if (state && state->group == browser && LiveAndMentions(pid, "--type=renderer")) {
        found.push_back(pid);
      }
    }
  }
  return found;
}

std::vector<pid_t> CujoProcess::Leftovers() const {
  std::vector<pid_t> found;
  for (pid_t pid : AllPids()) {
    if (LiveAndMentions(pid, tmpdir_.path())) found.push_back(pid);
  }
  return found;
}

bool CujoProcess::AwaitNoLeftovers(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (pid_t pid : Leftovers()) {
    int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd < 0) continue;  // gone already
    pollfd exited{pidfd, POLLIN, 0};
    int ready = poll(&exited, 1, MillisecondsLeft(deadline));
    close(pidfd);
    if (ready == 0) return false;
  }
  return Leftovers().empty();
}

bool AwaitFile(const std::string& path, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string dir = std::filesystem::path(path).parent_path().string();
  int fd = inotify_init1(IN_CLOEXEC);
  if (fd < 0) return false;
  // Watch first, then look: a file created in between is seen either way.
  if (inotify_add_watch(fd, dir.c_str(), IN_CREATE | IN_MOVED_TO) < 0) {
    close(fd);
    return std::filesystem::exists(path);
  }
  bool found = std::filesystem::exists(path);
  while (!found) {
    pollfd event{fd, POLLIN, 0};
    if (poll(&event, 1, MillisecondsLeft(deadline)) <= 0) break;  // timed out
    char buffer[4096];
    if (read(fd, buffer, sizeof buffer) < 0) break;  // the events only wake us; look again
    found = std::filesystem::exists(path);
  }
  close(fd);
  return found;
}

void ExpectNothingLeft(const CujoProcess& cujo) {
  EXPECT_EQ(cujo.Leftovers(), std::vector<pid_t>{}) << "processes left under " << cujo.tmpdir();
}

namespace {

std::vector<std::string> RunArgs(const std::string& journeys, const std::string& base_url,
                                 const std::string& out, const std::string& policy_dir,
                                 std::vector<std::string> extra) {
  std::vector<std::string> args = {"run", journeys, "--base-url", base_url, "--out", out};
  if (std::find(extra.begin(), extra.end(), "--slo") == extra.end()) {
    std::string policy = policy_dir + "/no-budgets.yaml";
    std::ofstream(policy) << "defaults: {max_failure_rate: 0}\n";
    args.insert(args.end(), {"--slo", policy});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

CujoRun::CujoRun(std::vector<std::string> extra, std::string base_url, std::string journeys,
                 const std::vector<std::string>& wrapper)
    : out(tmp.path() + "/out"),
      cujo(RunArgs(journeys, base_url.empty() ? Wiki().url : base_url, out, tmp.path(),
                   std::move(extra)),
           wrapper) {}

std::string CujoRun::BundledJourneysDir() { return BUNDLED_JOURNEYS_DIR; }

orchestrator::RunResult ReadRun(const std::string& out_dir) {
  return artifacts::ReadResults(out_dir);
}

int UnusedLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bool bound = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
               getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int error = errno;
  if (fd >= 0) close(fd);
  EXPECT_TRUE(bound) << "no ephemeral loopback port: " << strerror(error);
  return ntohs(address.sin_port);
}

std::string HttpGet(const std::string& url) {
  // http://127.0.0.1:PORT/path
  size_t host_start = url.find("://") + 3;
  size_t colon = url.find(':', host_start);
  size_t slash = url.find('/', host_start);
  int port = std::stoi(url.substr(colon + 1, slash - colon - 1));
  std::string path = slash == std::string::npos ? "/" : url.substr(slash);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::string request =
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) > 0) {
      char buffer[8192];
      ssize_t n;
      while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, size_t(n));
    }
  }
  close(fd);
  size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

}  // namespace cujo_test
