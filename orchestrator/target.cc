#include "orchestrator/target.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

namespace orchestrator {

namespace {

using Clock = std::chrono::steady_clock;

bool ParsePort(const std::string& text, int* port) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *port = std::stoi(text);
  return *port > 0 && *port < 65536;
}

// A DNS name (also internal ones with '_', and UTF-8 ones Chromium turns into punycode), an
// IPv4 address, or inside brackets an IPv6 one: anything else (a space, a stray bracket) would
// only fail later as an unreachable target.
bool IsHostName(const std::string& host, bool bracketed) {
  if (host.empty()) return false;
  if (bracketed) return host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string::npos;
  return std::all_of(host.begin(), host.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return std::isalnum(byte) || c == '-' || c == '.' || c == '_' || byte >= 0x80;
  });
}

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

bool Stopped(const std::atomic<bool>* stop) { return stop != nullptr && stop->load(); }

// A wait until `deadline` goes in slices this long, each ending with a look at `stop`.
constexpr std::chrono::milliseconds kStopCheck{100};

Clock::time_point EndOfSlice(Clock::time_point deadline) {
  return std::min(deadline, Clock::now() + kStopCheck);
}

// poll(2) of one descriptor until `deadline` or `stop`: > 0 ready, 0 neither, < 0 failed.
int PollUntil(int fd, short events, Clock::time_point deadline, const std::atomic<bool>* stop) {
  while (true) {
    pollfd p{fd, events, 0};
    int ready = poll(&p, 1, RemainingMs(EndOfSlice(deadline)));
    if (ready != 0 || Clock::now() >= deadline || Stopped(stop)) return ready;
  }
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

using Addresses = std::unique_ptr<addrinfo, decltype(&freeaddrinfo)>;

// getaddrinfo within `deadline`: it has no timeout of its own, and a resolver that does not
// answer (a DNS outage) would hold the probe, and a stopping run's grace, for tens of seconds.
// The lookup runs on a thread of its own, left to finish by itself when the deadline passes.
Addresses Resolve(const std::string& host, int port, Clock::time_point deadline,
                  const std::atomic<bool>* stop, std::string* error) {
  struct Lookup {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    int status = 0;
    Addresses found{nullptr, freeaddrinfo};
  };
  auto lookup = std::make_shared<Lookup>();
  auto resolve = [lookup, host, port] {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int status = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
    std::lock_guard<std::mutex> lock(lookup->mutex);
    lookup->status = status;
    lookup->found.reset(found);
    lookup->done = true;
    lookup->done_cv.notify_all();
  };
  try {
    std::thread(resolve).detach();
  } catch (const std::system_error& e) {
    *error = std::string("no thread for the lookup: ") + e.what();
    return Addresses{nullptr, freeaddrinfo};
  }
  std::unique_lock<std::mutex> lock(lookup->mutex);
  while (!lookup->done_cv.wait_until(lock, EndOfSlice(deadline), [&] { return lookup->done; })) {
    if (Clock::now() >= deadline || Stopped(stop)) {
      *error = "no answer from the resolver in time";
      return Addresses{nullptr, freeaddrinfo};
    }
  }
  if (lookup->status != 0) *error = gai_strerror(lookup->status);
  return std::move(lookup->found);
}

// One connection attempt to `info`; returns an error text or "" once connected.
std::string Connect(const addrinfo* info, Fd& socket_fd, Clock::time_point deadline,
                    const std::atomic<bool>* stop) {
  socket_fd.fd =
      socket(info->ai_family, info->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, info->ai_protocol);
  if (socket_fd.fd < 0) return strerror(errno);
  if (connect(socket_fd.fd, info->ai_addr, info->ai_addrlen) == 0) return "";
  if (errno != EINPROGRESS) return strerror(errno);
  if (PollUntil(socket_fd.fd, POLLOUT, deadline, stop) <= 0) return "connection timed out";
  int error = 0;
  socklen_t length = sizeof error;
  getsockopt(socket_fd.fd, SOL_SOCKET, SO_ERROR, &error, &length);
  return error == 0 ? "" : strerror(error);
}

}  // namespace

std::optional<HostMapping> ParseResolve(const std::string& text, std::string* error) {
  size_t first = text.find(':');
  size_t second = first == std::string::npos ? first : text.find(':', first + 1);
  HostMapping mapping;
  if (second != std::string::npos) {
    mapping.host = text.substr(0, first);
    mapping.address = text.substr(second + 1);
    if (mapping.address.size() > 2 && mapping.address.front() == '[' &&
        mapping.address.back() == ']') {
      mapping.address = mapping.address.substr(1, mapping.address.size() - 2);
    }
  }
  if (second == std::string::npos || mapping.host.empty() || mapping.address.empty() ||
      !ParsePort(text.substr(first + 1, second - first - 1), &mapping.port)) {
    *error =
        "--resolve must be HOST:PORT:ADDR, e.g. en.wikipedia.org:443:10.2.2.1 (got '" + text + "')";
    return std::nullopt;
  }
  return mapping;
}

std::string HostResolverRules(const std::vector<HostMapping>& mappings) {
  std::string rules;
  for (const auto& m : mappings) {
    if (!rules.empty()) rules += ", ";
    std::string address =
        m.address.find(':') != std::string::npos ? "[" + m.address + "]" : m.address;
    rules += "MAP " + m.host + ":" + std::to_string(m.port) + " " + address + ":" +
             std::to_string(m.port);
  }
  return rules;
}

std::optional<std::pair<std::string, std::string>> ParseHeader(const std::string& text,
                                                               std::string* error) {
  size_t colon = text.find(':');
  std::string name = colon == std::string::npos ? "" : text.substr(0, colon);
  if (name.empty() || name.find_first_of(" \t\r\n") != std::string::npos) {
    *error =
        "--header must be 'Name: value', e.g. 'X-Wikimedia-Debug: backend=mwdebug1001' (got '" +
        text + "')";
    return std::nullopt;
  }
  std::string value = text.substr(colon + 1);
  size_t start = value.find_first_not_of(" \t");
  value = start == std::string::npos ? "" : value.substr(start);
  return std::make_pair(name, value);
}

std::optional<ParsedUrl> ParseBaseUrl(const std::string& url, std::string* error) {
  ParsedUrl parsed;
  size_t scheme_end = url.find("://");
  if (scheme_end != std::string::npos) parsed.scheme = url.substr(0, scheme_end);
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    *error = "must be an http:// or https:// URL (got '" + url + "')";
    return std::nullopt;
  }
  std::string rest = url.substr(scheme_end + 3);
  size_t path_start = rest.find('/');
  std::string authority = rest.substr(0, path_start);
  parsed.path = path_start == std::string::npos ? "/" : rest.substr(path_start);
  parsed.port = parsed.scheme == "https" ? 443 : 80;
  if (authority.find('@') != std::string::npos) {
    *error = "must not carry a user or password (journeys log in with steps): '" + url + "'";
    return std::nullopt;
  }
  // [IPv6]:port, or host:port; the port is optional either way.
  std::string host = authority;
  bool bracketed = !authority.empty() && authority.front() == '[';
  size_t host_end = bracketed ? authority.find(']') : authority.rfind(':');
  if (bracketed && host_end == std::string::npos) {
    *error = "has an unclosed '[' in its host: '" + url + "'";
    return std::nullopt;
  }
  if (host_end != std::string::npos) {
    host = authority.substr(bracketed ? 1 : 0, bracketed ? host_end - 1 : host_end);
    std::string after = authority.substr(bracketed ? host_end + 1 : host_end);
    if (!after.empty() && (after.front() != ':' || !ParsePort(after.substr(1), &parsed.port))) {
      *error = "has an invalid port: '" + url + "'";
      return std::nullopt;
    }
  }
  if (!IsHostName(host, bracketed)) {
    *error = "has no usable host: '" + url + "'";
    return std::nullopt;
  }
  parsed.host = host;
  return parsed;
}

std::optional<std::string> ProbeTarget(const ParsedUrl& url,
                                       const std::vector<HostMapping>& mappings,
                                       std::chrono::milliseconds timeout,
                                       const std::atomic<bool>* stop) {
  auto deadline = Clock::now() + timeout;
  std::string host = url.host;
  for (const auto& m : mappings) {
    if (m.host == url.host && m.port == url.port) host = m.address;
  }
  std::string where = url.host + ":" + std::to_string(url.port) +
                      (host != url.host ? " (mapped to " + host + ")" : "");
  std::string resolve_error;
  Addresses addresses = Resolve(host, url.port, deadline, stop, &resolve_error);
  if (Stopped(stop)) return "stopped";
  if (!addresses) return "cannot resolve " + where + ": " + resolve_error;

  std::string last_error = "no address";
  for (const addrinfo* info = addresses.get(); info != nullptr; info = info->ai_next) {
    Fd socket_fd;
    last_error = Connect(info, socket_fd, deadline, stop);
    if (Stopped(stop)) return "stopped";
    if (!last_error.empty()) continue;
    if (url.scheme == "https") return std::nullopt;  // TLS is Chromium's business
    std::string request = "HEAD " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" +
                          std::to_string(url.port) +
                          "\r\nUser-Agent: cujo-probe\r\nConnection: close\r\n\r\n";
    if (send(socket_fd.fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
      return "cannot send to " + where + ": " + strerror(errno);
    }
    int ready = PollUntil(socket_fd.fd, POLLIN, deadline, stop);
    if (Stopped(stop)) return "stopped";
    if (ready <= 0) {
      return "no response from " + where + " within " + std::to_string(timeout.count()) + " ms";
    }
    char byte;
    ssize_t n = recv(socket_fd.fd, &byte, 1, 0);
    if (n > 0) return std::nullopt;
    return n == 0 ? "connection to " + where + " closed before any response"
                  : "connection to " + where + " failed: " + strerror(errno);
  }
  return "cannot connect to " + where + ": " + last_error;
}

}  // namespace orchestrator
