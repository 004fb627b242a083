// cujo-fault-proxy: a loopback HTTP reverse proxy that makes the wiki misbehave on demand, for
// cujo's failure-classification tests. It listens on 127.0.0.1:PORT, forwards each request to the
// upstream wiki with `Connection: close` (one request per connection) and applies fault rules set
// through a small HTTP control interface:
//
//   GET /__cujo_fault/set?mode=M[&path=REGEX][&method=GET][&count=N][&ms=N][&percent=N][&status=N]
//         replace all rules with this one      (/__cujo_fault/add appends one instead)
//   GET /__cujo_fault/clear                    no rules, listening again after `refuse`
//   GET /__cujo_fault/rules                    the rules and counters, as JSON
//   GET /__cujo_fault/log[?clear=1]            the requests seen (method, target, Host, headers,
//                                              fault applied, status, outcome), as JSON
//   GET /__cujo_fault/health                   {"ok":true}
//
// Modes: exception | dberror | fatal (forward with `X-Cujo-Fault: MODE`, which
// ci/wiki/TestHooks.php turns into MediaWiki's own error pages), slow (wait ms, then forward),
// status (answer `status`, default 503, itself), reset (read the request, then RST), reset_mid
// (forward, send part of the response, then RST), stall (read the request, never answer: until the
// client hangs up, ms elapse, or the proxy stops), refuse (close the listening socket: connections
// are refused until /clear, or until ms elapse). `path` is searched (ECMAScript regex) in the
// request target (path and query); `count` faults only the first N matching requests; `percent`
// faults that share of them. Control requests are answered on the proxy port and on --control-port
// (needed to clear `refuse`). Every wait is bounded and sliced so SIGTERM/SIGINT stop the proxy
// within ~100 ms.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kMaxHead = 64 * 1024;
constexpr size_t kMaxBody = 64 * 1024 * 1024;
constexpr size_t kMaxBufferedResponse = 64 * 1024 * 1024;
constexpr size_t kMaxConnections = 512;
constexpr long kMaxMs = 10 * 60 * 1000;
constexpr int kSliceMs = 100;

std::atomic<bool> g_stop{false};
int g_wake_pipe[2] = {-1, -1};

void Wake() {
  char c = 'w';
  ssize_t r = write(g_wake_pipe[1], &c, 1);
  (void)r;
}

extern "C" void OnSignal(int) {
  g_stop.store(true);
  Wake();
}

struct Options {
  int port = 0;
  int control_port = -1;  // -1: none
  std::string upstream_host = "127.0.0.1";
  int upstream_port = 0;
  std::string ready_file;
  size_t log_limit = 10000;
  long io_timeout_ms = 120000;
  bool verbose = false;
};

// ---------------------------------------------------------------------------------------------
// Sockets

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.Release()) {}
  Fd& operator=(Fd&& other) noexcept {
    Reset(other.Release());
    return *this;
  }
  int Get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }
  void Reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_;
};

enum class Wait { kReady, kTimeout, kStopped, kError };

// Waits for `events` on fd until the deadline, in slices so a stop request is noticed quickly.
Wait WaitFd(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    if (g_stop.load()) return Wait::kStopped;
    auto now = Clock::now();
    if (now >= deadline) return Wait::kTimeout;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - now).count() + 1;
    pollfd p{fd, events, 0};
    int r = poll(&p, 1, static_cast<int>(std::min<long long>(left, kSliceMs)));
    if (r < 0) {
      if (errno == EINTR) continue;
      return Wait::kError;
    }
    if (r > 0) return Wait::kReady;
  }
}

// Sleeps until the deadline or a stop request; returns false when stopped.
bool SleepUntil(Clock::time_point deadline) {
  while (!g_stop.load()) {
    auto now = Clock::now();
    if (now >= deadline) return true;
    auto left = std::chrono::duration_cast<milliseconds>(deadline - now);
    std::this_thread::sleep_for(std::min(left + milliseconds(1), milliseconds(kSliceMs)));
  }
  return false;
}

// Reads what is available: >0 bytes, 0 at EOF, -1 on error, timeout or stop.
ssize_t ReadSome(int fd, char* buf, size_t len, Clock::time_point deadline) {
  for (;;) {
    if (WaitFd(fd, POLLIN, deadline) != Wait::kReady) return -1;
    ssize_t n = recv(fd, buf, len, 0);
    if (n >= 0) return n;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
  }
}

bool WriteAll(int fd, const char* data, size_t len, Clock::time_point deadline) {
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n > 0) {
      data += n;
      len -= static_cast<size_t>(n);
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return false;
    if (WaitFd(fd, POLLOUT, deadline) != Wait::kReady) return false;
  }
  return true;
}

bool WriteAll(int fd, const std::string& s, Clock::time_point deadline) {
  return WriteAll(fd, s.data(), s.size(), deadline);
}

// Closes with SO_LINGER 0: the kernel discards the socket and sends RST instead of FIN.
void ResetClose(Fd& fd) {
  linger l{1, 0};
  setsockopt(fd.Get(), SOL_SOCKET, SO_LINGER, &l, sizeof l);
  fd.Reset();
}

Fd Listen(const std::string& host, int port, std::string* error) {
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    *error = std::string("socket: ") + std::strerror(errno);
    return Fd();
  }
  int one = 1;
  setsockopt(fd.Get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    *error = "bad address " + host;
    return Fd();
  }
  if (bind(fd.Get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    *error = "bind " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
    return Fd();
  }
  if (listen(fd.Get(), 128) != 0) {
    *error = std::string("listen: ") + std::strerror(errno);
    return Fd();
  }
  return fd;
}

int BoundPort(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  return ntohs(addr.sin_port);
}

Fd Connect(const std::string& host, int port, Clock::time_point deadline, std::string* error) {
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    *error = std::string("socket: ") + std::strerror(errno);
    return Fd();
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (connect(fd.Get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
      errno != EINPROGRESS) {
    *error = std::string("connect: ") + std::strerror(errno);
    return Fd();
  }
  if (WaitFd(fd.Get(), POLLOUT, deadline) != Wait::kReady) {
    *error = "connect: timed out";
    return Fd();
  }
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(fd.Get(), SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    *error = std::string("connect: ") + std::strerror(err);
    return Fd();
  }
  return fd;
}

// ---------------------------------------------------------------------------------------------
// HTTP

struct Request {
  std::string method;
  std::string target;
  std::string version;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::optional<std::string> Header(const Request& r, const std::string& name) {
  std::string want = Lower(name);
  for (const auto& [k, v] : r.headers) {
    if (Lower(k) == want) return v;
  }
  return std::nullopt;
}

enum class ReadResult { kOk, kClosed, kBad, kTooBig, kUnsupported };

// Reads one request (head, then a Content-Length body). kClosed: the client sent nothing.
ReadResult ReadRequest(int fd, Request* req, const Options& opt) {
  auto deadline = Clock::now() + milliseconds(opt.io_timeout_ms);
  std::string buf;
  size_t head_end = std::string::npos;
  char chunk[16384];
  while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (buf.size() > kMaxHead) return ReadResult::kTooBig;
    ssize_t n = ReadSome(fd, chunk, sizeof chunk, deadline);
    if (n <= 0) return buf.empty() ? ReadResult::kClosed : ReadResult::kBad;
    buf.append(chunk, static_cast<size_t>(n));
  }
  std::string head = buf.substr(0, head_end);
  std::string rest = buf.substr(head_end + 4);
  size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  size_t s1 = request_line.find(' ');
  size_t s2 = request_line.rfind(' ');
  if (s1 == std::string::npos || s2 == s1) return ReadResult::kBad;
  req->method = request_line.substr(0, s1);
  req->target = request_line.substr(s1 + 1, s2 - s1 - 1);
  req->version = request_line.substr(s2 + 1);
  if (req->version.rfind("HTTP/1.", 0) != 0) return ReadResult::kBad;
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t eol = head.find("\r\n", pos);
    if (eol == std::string::npos) eol = head.size();
    std::string line = head.substr(pos, eol - pos);
    pos = eol + 2;
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return ReadResult::kBad;
    req->headers.emplace_back(line.substr(0, colon), Trim(line.substr(colon + 1)));
  }
  if (auto te = Header(*req, "Transfer-Encoding"); te && Lower(*te) != "identity") {
    return ReadResult::kUnsupported;
  }
  size_t length = 0;
  if (auto cl = Header(*req, "Content-Length")) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(cl->c_str(), &end, 10);
    if (cl->empty() || *end != '\0') return ReadResult::kBad;
    if (v > kMaxBody) return ReadResult::kTooBig;
    length = static_cast<size_t>(v);
  }
  if (length > rest.size()) {
    if (auto expect = Header(*req, "Expect"); expect && Lower(*expect) == "100-continue") {
      if (!WriteAll(fd, "HTTP/1.1 100 Continue\r\n\r\n", deadline)) return ReadResult::kBad;
    }
  }
  while (rest.size() < length) {
    ssize_t n = ReadSome(fd, chunk, std::min(sizeof chunk, length - rest.size()), deadline);
    if (n <= 0) return ReadResult::kBad;
    rest.append(chunk, static_cast<size_t>(n));
  }
  rest.resize(length);
  req->body = std::move(rest);
  return ReadResult::kOk;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

std::string Response(int status, const std::string& content_type, const std::string& body) {
  std::string r = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) + "\r\n";
  r += "Content-Type: " + content_type + "\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  r += "Cache-Control: no-store\r\nConnection: close\r\nX-Cujo-Fault-Proxy: 1\r\n\r\n";
  return r + body;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\u%04x", c);
          out += esc;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(const std::string& target) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t q = target.find('?');
  if (q == std::string::npos) return out;
  std::string query = target.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string part = query.substr(pos, amp - pos);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string::npos) {
        out.emplace_back(PercentDecode(part), "");
      } else {
        out.emplace_back(PercentDecode(part.substr(0, eq)), PercentDecode(part.substr(eq + 1)));
      }
    }
    pos = amp + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules, request log and the shared state

enum class Mode {
  kNone,
  kException,
  kDbError,
  kFatal,
  kSlow,
  kStatus,
  kReset,
  kResetMid,
  kStall,
  kRefuse
};

const char* ModeName(Mode m) {
  switch (m) {
    case Mode::kNone:
      return "";
    case Mode::kException:
      return "exception";
    case Mode::kDbError:
      return "dberror";
    case Mode::kFatal:
      return "fatal";
    case Mode::kSlow:
      return "slow";
    case Mode::kStatus:
      return "status";
    case Mode::kReset:
      return "reset";
    case Mode::kResetMid:
      return "reset_mid";
    case Mode::kStall:
      return "stall";
    case Mode::kRefuse:
      return "refuse";
  }
  return "";
}

std::optional<Mode> ParseMode(const std::string& s) {
  for (Mode m : {Mode::kException, Mode::kDbError, Mode::kFatal, Mode::kSlow, Mode::kStatus,
                 Mode::kReset, Mode::kResetMid, Mode::kStall, Mode::kRefuse}) {
    if (s == ModeName(m)) return m;
  }
  return std::nullopt;
}

struct Rule {
  int id = 0;
  Mode mode = Mode::kNone;
  std::string path;  // empty: any
  std::regex re;
  std::string method;   // empty: any
  long count = -1;      // -1: unlimited
  long remaining = -1;  // -1: unlimited
  long ms = 0;
  int percent = 100;
  int status = 503;
  long hits = 0;
};

std::string RuleJson(const Rule& r) {
  return "{\"id\":" + std::to_string(r.id) + ",\"mode\":" + JsonString(ModeName(r.mode)) +
         ",\"path\":" + JsonString(r.path) + ",\"method\":" + JsonString(r.method) +
         ",\"count\":" + std::to_string(r.count) + ",\"remaining\":" + std::to_string(r.remaining) +
         ",\"ms\":" + std::to_string(r.ms) + ",\"percent\":" + std::to_string(r.percent) +
         ",\"status\":" + std::to_string(r.status) + ",\"hits\":" + std::to_string(r.hits) + "}";
}

struct LogEntry {
  uint64_t seq = 0;
  long time_ms = 0;  // since the proxy started
  std::string method, target, version, host;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string fault;
  int rule = 0;
  int status = 0;  // what the client got (0: no HTTP response)
  std::string outcome = "pending";
  long duration_ms = 0;
};

std::string LogEntryJson(const LogEntry& e) {
  std::string h = "[";
  for (size_t i = 0; i < e.headers.size(); ++i) {
    if (i) h += ",";
    h += "[" + JsonString(e.headers[i].first) + "," + JsonString(e.headers[i].second) + "]";
  }
  h += "]";
  return "{\"seq\":" + std::to_string(e.seq) + ",\"time_ms\":" + std::to_string(e.time_ms) +
         ",\"method\":" + JsonString(e.method) + ",\"target\":" + JsonString(e.target) +
         ",\"version\":" + JsonString(e.version) + ",\"host\":" + JsonString(e.host) +
         ",\"headers\":" + h + ",\"fault\":" + JsonString(e.fault) +
         ",\"rule\":" + std::to_string(e.rule) + ",\"status\":" + std::to_string(e.status) +
         ",\"outcome\":" + JsonString(e.outcome) +
         ",\"duration_ms\":" + std::to_string(e.duration_ms) + "}";
}

struct State {
  Options opt;
  Clock::time_point started = Clock::now();
  int listen_port = 0;
  int control_port = -1;

  std::mutex mu;
  std::condition_variable cv;
  std::vector<Rule> rules;
  int next_rule_id = 1;
  std::deque<LogEntry> log;
  uint64_t next_seq = 1;
  std::mt19937 rng{std::random_device{}()};
  bool want_refuse = false;
  std::optional<Clock::time_point> refuse_until;
  bool refusing = false;  // what the accept loop has applied
  std::string listen_error;
};

long MsSince(Clock::time_point t) {
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(Clock::now() - t).count());
}

// Picks the fault for a request: the first rule matching method and path that still has a
// count left; `percent` then decides whether this request is faulted.
std::optional<Rule> PickFault(State& st, const Request& req) {
  std::lock_guard<std::mutex> lock(st.mu);
  for (auto& r : st.rules) {
    if (!r.method.empty() && r.method != req.method) continue;
    if (!r.path.empty() && !std::regex_search(req.target, r.re)) continue;
    if (r.remaining == 0) continue;
    if (r.percent < 100) {
      std::uniform_int_distribution<int> d(0, 99);
      if (d(st.rng) >= r.percent) return std::nullopt;
    }
    if (r.remaining > 0) --r.remaining;
    ++r.hits;
    return r;
  }
  return std::nullopt;
}

uint64_t LogStart(State& st, const Request& req, const std::optional<Rule>& fault) {
  LogEntry e;
  e.time_ms = MsSince(st.started);
  e.method = req.method;
  e.target = req.target;
  e.version = req.version;
  e.host = Header(req, "Host").value_or("");
  e.headers = req.headers;
  if (fault) {
    e.fault = ModeName(fault->mode);
    e.rule = fault->id;
  }
  std::lock_guard<std::mutex> lock(st.mu);
  uint64_t seq = e.seq = st.next_seq++;
  st.log.push_back(std::move(e));
  while (st.log.size() > st.opt.log_limit) st.log.pop_front();
  return seq;
}

void LogFinish(State& st, uint64_t seq, int status, const std::string& outcome, long duration_ms) {
  std::lock_guard<std::mutex> lock(st.mu);
  if (st.log.empty() || seq < st.log.front().seq) return;
  size_t i = static_cast<size_t>(seq - st.log.front().seq);
  if (i >= st.log.size()) return;
  st.log[i].status = status;
  st.log[i].outcome = outcome;
  st.log[i].duration_ms = duration_ms;
}

// ---------------------------------------------------------------------------------------------
// Control interface

std::string StateJson(State& st) {
  std::string rules = "[";
  for (size_t i = 0; i < st.rules.size(); ++i) {
    if (i) rules += ",";
    rules += RuleJson(st.rules[i]);
  }
  rules += "]";
  return "{\"ok\":true,\"rules\":" + rules +
         ",\"refusing\":" + (st.want_refuse ? "true" : "false") +
         ",\"listen_port\":" + std::to_string(st.listen_port) +
         ",\"control_port\":" + std::to_string(st.control_port) + ",\"upstream\":" +
         JsonString(st.opt.upstream_host + ":" + std::to_string(st.opt.upstream_port)) +
         ",\"listen_error\":" + JsonString(st.listen_error) + "}";
}

// Asks the accept loop to close (or reopen) the listening socket and waits until it has.
bool ApplyRefuse(State& st, std::unique_lock<std::mutex>& lock, bool refuse) {
  st.want_refuse = refuse;
  if (!refuse) st.refuse_until.reset();
  Wake();
  return st.cv.wait_for(lock, milliseconds(3000),
                        [&] { return st.refusing == refuse || g_stop.load(); });
}

bool ParseLong(const std::string& s, long lo, long hi, long* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

std::string HandleControl(State& st, const Request& req, int* status) {
  std::string path = req.target.substr(0, req.target.find('?'));
  auto params = ParseQuery(req.target);
  auto param = [&](const std::string& name) -> std::optional<std::string> {
    for (const auto& [k, v] : params) {
      if (k == name) return v;
    }
    return std::nullopt;
  };
  auto bad = [&](const std::string& why) {
    *status = 400;
    return "{\"ok\":false,\"error\":" + JsonString(why) + "}";
  };
  *status = 200;
  if (path == "/__cujo_fault/health") return "{\"ok\":true}";
  if (path == "/__cujo_fault/rules") {
    std::lock_guard<std::mutex> lock(st.mu);
    return StateJson(st);
  }
  if (path == "/__cujo_fault/log") {
    std::lock_guard<std::mutex> lock(st.mu);
    std::string out = "{\"ok\":true,\"entries\":[";
    for (size_t i = 0; i < st.log.size(); ++i) {
      if (i) out += ",";
      out += LogEntryJson(st.log[i]);
    }
    out += "]}";
    if (param("clear").value_or("0") != "0") st.log.clear();
    return out;
  }
  if (path == "/__cujo_fault/clear") {
    std::unique_lock<std::mutex> lock(st.mu);
    st.rules.clear();
    if (!ApplyRefuse(st, lock, false)) return bad("could not listen again: " + st.listen_error);
    return StateJson(st);
  }
  if (path != "/__cujo_fault/set" && path != "/__cujo_fault/add") {
    *status = 404;
    return "{\"ok\":false,\"error\":\"unknown control path; see the comment at the top of "
           "tests/support/fault_proxy.cc\"}";
  }

  Rule rule;
  auto mode = ParseMode(param("mode").value_or(""));
  if (!mode) {
    return bad(
        "mode must be one of exception, dberror, fatal, slow, status, reset, reset_mid, "
        "stall, refuse");
  }
  rule.mode = *mode;
  rule.path = param("path").value_or("");
  if (!rule.path.empty()) {
    try {
      rule.re = std::regex(rule.path, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return bad("bad path regex: " + std::string(e.what()));
    }
  }
  rule.method = param("method").value_or("");
  long v = 0;
  if (auto s = param("count")) {
    if (!ParseLong(*s, 1, 1000000000, &v)) return bad("count must be a positive integer");
    rule.count = rule.remaining = v;
  }
  rule.ms = rule.mode == Mode::kSlow ? 1000 : 0;
  if (auto s = param("ms")) {
    if (!ParseLong(*s, 0, kMaxMs, &v)) return bad("ms must be 0.." + std::to_string(kMaxMs));
    rule.ms = v;
  }
  if (auto s = param("percent")) {
    if (!ParseLong(*s, 0, 100, &v)) return bad("percent must be 0..100");
    rule.percent = static_cast<int>(v);
  }
  if (auto s = param("status")) {
    if (!ParseLong(*s, 100, 599, &v)) return bad("status must be 100..599");
    rule.status = static_cast<int>(v);
  }

  if (rule.mode == Mode::kRefuse && st.control_port < 0 && rule.ms == 0) {
    return bad("refuse without ms needs --control-port (nothing could clear it otherwise)");
  }
  std::unique_lock<std::mutex> lock(st.mu);
  if (path == "/__cujo_fault/set") st.rules.clear();
  if (rule.mode == Mode::kRefuse) {
    st.refuse_until.reset();
    if (rule.ms > 0) st.refuse_until = Clock::now() + milliseconds(rule.ms);
    if (!ApplyRefuse(st, lock, true)) return bad("could not stop listening");
    return StateJson(st);
  }
  rule.id = st.next_rule_id++;
  st.rules.push_back(std::move(rule));
  return StateJson(st);
}

// ---------------------------------------------------------------------------------------------
// Proxying one connection

int ParseStatus(const std::string& response_start) {
  // "HTTP/1.1 200 OK"
  if (response_start.rfind("HTTP/", 0) != 0) return 0;
  size_t sp = response_start.find(' ');
  if (sp == std::string::npos || sp + 4 > response_start.size()) return 0;
  return std::atoi(response_start.substr(sp + 1, 3).c_str());
}

std::string UpstreamRequest(const Request& req, Mode fault) {
  std::string out = req.method + " " + req.target + " " + req.version + "\r\n";
  for (const auto& [k, v] : req.headers) {
    std::string lk = Lower(k);
    if (lk == "connection" || lk == "keep-alive" || lk == "proxy-connection" || lk == "expect") {
      continue;
    }
    if (lk == "x-cujo-fault" && fault != Mode::kNone) continue;
    out += k + ": " + v + "\r\n";
  }
  if (fault == Mode::kException || fault == Mode::kDbError || fault == Mode::kFatal) {
    out += std::string("X-Cujo-Fault: ") + ModeName(fault) + "\r\n";
  }
  out += "Connection: close\r\n\r\n";
  return out + req.body;
}

struct Outcome {
  int status = 0;
  std::string what;
};

// Forwards the request and relays the response until the upstream closes. With reset_mid, the
// response is buffered and only part of it reaches the client, followed by a RST.
Outcome Forward(State& st, Fd& client, const Request& req, Mode fault) {
  const Options& opt = st.opt;
  std::string error;
  Fd up = Connect(opt.upstream_host, opt.upstream_port, Clock::now() + milliseconds(5000), &error);
  if (!up) {
    std::string body = "cujo-fault-proxy: upstream " + opt.upstream_host + ":" +
                       std::to_string(opt.upstream_port) + " unreachable: " + error + "\n";
    WriteAll(client.Get(), Response(502, "text/plain; charset=utf-8", body),
             Clock::now() + milliseconds(opt.io_timeout_ms));
    return {502, "upstream_error"};
  }
  // Each read or write may idle for io_timeout_ms; the whole exchange is capped at kMaxMs.
  auto cap = Clock::now() + milliseconds(kMaxMs);
  auto deadline = [&] { return std::min(cap, Clock::now() + milliseconds(opt.io_timeout_ms)); };
  if (!WriteAll(up.Get(), UpstreamRequest(req, fault), deadline())) {
    return {0, "upstream_error"};
  }
  std::string first;  // the start of the response, for its status line
  std::string buffered;
  char chunk[65536];
  for (;;) {
    ssize_t n = ReadSome(up.Get(), chunk, sizeof chunk, deadline());
    if (n < 0) return {ParseStatus(first), g_stop.load() ? "stopped" : "upstream_error"};
    if (n == 0) break;
    if (first.size() < 64) first.append(chunk, static_cast<size_t>(std::min<ssize_t>(n, 64)));
    if (fault == Mode::kResetMid) {
      if (buffered.size() + static_cast<size_t>(n) > kMaxBufferedResponse) break;
      buffered.append(chunk, static_cast<size_t>(n));
      continue;
    }
    if (!WriteAll(client.Get(), chunk, static_cast<size_t>(n), deadline())) {
      return {ParseStatus(first), "client_error"};
    }
  }
  int status = ParseStatus(first);
  if (fault != Mode::kResetMid) return {status, "forwarded"};

  // Send the head and half the body (or half of a body-less response), then RST.
  size_t head_end = buffered.find("\r\n\r\n");
  size_t cut = buffered.size() / 2;
  if (head_end != std::string::npos && buffered.size() > head_end + 4) {
    cut = head_end + 4 + (buffered.size() - head_end - 4) / 2;
  }
  WriteAll(client.Get(), buffered.data(), cut, deadline());
  // Let the kernel hand the partial response over before the RST discards its send queue.
  auto drain_deadline = Clock::now() + milliseconds(1000);
  int unsent = 0;
  while (ioctl(client.Get(), TIOCOUTQ, &unsent) == 0 && unsent > 0 &&
         Clock::now() < drain_deadline && !g_stop.load()) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  ResetClose(client);
  return {status, "reset_mid"};
}

void HandleConnection(State& st, Fd client, bool control_only) {
  const Options& opt = st.opt;
  auto t0 = Clock::now();
  auto deadline = [&] { return Clock::now() + milliseconds(opt.io_timeout_ms); };
  Request req;
  ReadResult rr = ReadRequest(client.Get(), &req, opt);
  if (rr == ReadResult::kClosed) return;
  if (rr != ReadResult::kOk) {
    int code = rr == ReadResult::kTooBig ? 413 : rr == ReadResult::kUnsupported ? 501 : 400;
    const char* why = code == 413   ? "request head or body too large"
                      : code == 501 ? "chunked request bodies are not supported"
                                    : "malformed or incomplete request";
    WriteAll(
        client.Get(),
        Response(code, "text/plain; charset=utf-8", std::string("cujo-fault-proxy: ") + why + "\n"),
        deadline());
    return;
  }
  if (control_only || req.target.rfind("/__cujo_fault/", 0) == 0) {
    int status = 404;
    std::string body = "{\"ok\":false,\"error\":\"only /__cujo_fault/ paths on the control port\"}";
    if (req.target.rfind("/__cujo_fault/", 0) == 0) body = HandleControl(st, req, &status);
    WriteAll(client.Get(), Response(status, "application/json", body + "\n"), deadline());
    return;
  }

  std::optional<Rule> fault = PickFault(st, req);
  Mode mode = fault ? fault->mode : Mode::kNone;
  uint64_t seq = LogStart(st, req, fault);
  Outcome out;
  switch (mode) {
    case Mode::kSlow:
      if (!SleepUntil(Clock::now() + milliseconds(fault->ms))) {
        out = {0, "stopped"};
        break;
      }
      out = Forward(st, client, req, Mode::kNone);
      break;
    case Mode::kStatus: {
      std::string body = "cujo-fault-proxy: injected HTTP " + std::to_string(fault->status) + "\n";
      WriteAll(client.Get(), Response(fault->status, "text/plain; charset=utf-8", body),
               deadline());
      out = {fault->status, "injected"};
      break;
    }
    case Mode::kReset:
      ResetClose(client);
      out = {0, "reset"};
      break;
    case Mode::kStall: {
      // Hold the request unanswered; notice the client hanging up (readable + EOF).
      long ms = fault->ms > 0 ? fault->ms : kMaxMs;
      auto until = Clock::now() + milliseconds(ms);
      char c;
      for (;;) {
        Wait w = WaitFd(client.Get(), POLLIN, until);
        if (w != Wait::kReady) break;
        ssize_t n = recv(client.Get(), &c, 1, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
      }
      out = {0, "stalled"};
      break;
    }
    case Mode::kNone:
    case Mode::kException:
    case Mode::kDbError:
    case Mode::kFatal:
    case Mode::kResetMid:
      out = Forward(st, client, req, mode);
      break;
    case Mode::kRefuse:
      break;
  }
  LogFinish(st, seq, out.status, out.what, MsSince(t0));
  if (opt.verbose) {
    std::fprintf(stderr, "cujo-fault-proxy: %s %s -> %d %s%s%s (%ld ms)\n", req.method.c_str(),
                 req.target.c_str(), out.status, out.what.c_str(), fault ? " fault=" : "",
                 fault ? ModeName(fault->mode) : "", MsSince(t0));
  }
}

// ---------------------------------------------------------------------------------------------
// main

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: cujo-fault-proxy --upstream-port N [--upstream-host 127.0.0.1] [--port N]\n"
               "         [--control-port N] [--ready-file PATH] [--log-limit N] "
               "[--io-timeout-ms N] [--verbose]\n"
               "Listens on 127.0.0.1:PORT (0: any free port) and forwards to the upstream.\n"
               "The control API is described at the top of tests/support/fault_proxy.cc.\n");
}

bool ParseArgs(int argc, char** argv, Options* opt) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](long lo, long hi, long* out) {
      return i + 1 < argc && ParseLong(argv[++i], lo, hi, out);
    };
    long v = 0;
    if (a == "--port" && value(0, 65535, &v)) {
      opt->port = static_cast<int>(v);
    } else if (a == "--control-port" && value(0, 65535, &v)) {
      opt->control_port = static_cast<int>(v);
    } else if (a == "--upstream-port" && value(1, 65535, &v)) {
      opt->upstream_port = static_cast<int>(v);
    } else if (a == "--upstream-host" && i + 1 < argc) {
      opt->upstream_host = argv[++i];
    } else if (a == "--ready-file" && i + 1 < argc) {
      opt->ready_file = argv[++i];
    } else if (a == "--log-limit" && value(1, 10000000, &v)) {
      opt->log_limit = static_cast<size_t>(v);
    } else if (a == "--io-timeout-ms" && value(100, 3600000, &v)) {
      opt->io_timeout_ms = v;
    } else if (a == "--verbose") {
      opt->verbose = true;
    } else if (a == "-h" || a == "--help") {
      Usage(stdout);
      std::exit(0);
    } else {
      std::fprintf(stderr, "cujo-fault-proxy: bad or incomplete argument: %s\n", a.c_str());
      return false;
    }
  }
  in_addr probe{};
  if (opt->upstream_port == 0 || inet_pton(AF_INET, opt->upstream_host.c_str(), &probe) != 1) {
    std::fprintf(stderr,
                 "cujo-fault-proxy: --upstream-port is required; --upstream-host must be "
                 "an IPv4 address\n");
    return false;
  }
  return true;
}

bool WriteReadyFile(const std::string& path, int port, int control_port) {
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) return false;
  std::fprintf(
      f, "CUJO_FAULT_PROXY_PORT=%d\nCUJO_FAULT_PROXY_CONTROL_PORT=%d\nCUJO_FAULT_PROXY_PID=%d\n",
      port, control_port, static_cast<int>(getpid()));
  bool ok = std::fclose(f) == 0;
  return ok && std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  State st;
  if (!ParseArgs(argc, argv, &st.opt)) {
    Usage(stderr);
    return 2;
  }
  if (pipe2(g_wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
    std::perror("cujo-fault-proxy: pipe2");
    return 1;
  }
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::string error;
  Fd listener = Listen("127.0.0.1", st.opt.port, &error);
  if (!listener) {
    std::fprintf(stderr, "cujo-fault-proxy: %s\n", error.c_str());
    return 1;
  }
  st.listen_port = BoundPort(listener.Get());
  Fd control;
  if (st.opt.control_port >= 0) {
    control = Listen("127.0.0.1", st.opt.control_port, &error);
    if (!control) {
      std::fprintf(stderr, "cujo-fault-proxy: control: %s\n", error.c_str());
      return 1;
    }
    st.control_port = BoundPort(control.Get());
  }
  std::printf("cujo-fault-proxy: listening on 127.0.0.1:%d, control %d, upstream %s:%d\n",
              st.listen_port, st.control_port, st.opt.upstream_host.c_str(), st.opt.upstream_port);
  std::fflush(stdout);
  if (!st.opt.ready_file.empty() &&
      !WriteReadyFile(st.opt.ready_file, st.listen_port, st.control_port)) {
    std::fprintf(stderr, "cujo-fault-proxy: cannot write %s\n", st.opt.ready_file.c_str());
    return 1;
  }

  std::list<Worker> workers;
  while (!g_stop.load()) {
    // Apply the wanted listening state (refuse / clear / refuse with a time limit).
    {
      std::lock_guard<std::mutex> lock(st.mu);
      if (st.want_refuse && st.refuse_until && Clock::now() >= *st.refuse_until) {
        st.want_refuse = false;
        st.refuse_until.reset();
      }
      if (st.want_refuse && listener) {
        listener.Reset();
        st.refusing = true;
        st.cv.notify_all();
      } else if (!st.want_refuse && !listener) {
        listener = Listen("127.0.0.1", st.listen_port, &st.listen_error);
        if (listener) {
          st.listen_error.clear();
          st.refusing = false;
          st.cv.notify_all();
        }
      }
    }
    // Reap finished connection threads.
    for (auto it = workers.begin(); it != workers.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = workers.erase(it);
      } else {
        ++it;
      }
    }

    std::vector<pollfd> fds;
    fds.push_back({g_wake_pipe[0], POLLIN, 0});
    if (listener) fds.push_back({listener.Get(), POLLIN, 0});
    if (control) fds.push_back({control.Get(), POLLIN, 0});
    int r = poll(fds.data(), fds.size(), kSliceMs);
    if (r < 0 && errno != EINTR) {
      std::perror("cujo-fault-proxy: poll");
      break;
    }
    if (r <= 0) continue;
    char drain[64];
    while (read(g_wake_pipe[0], drain, sizeof drain) > 0) {
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      bool is_control = control && fds[i].fd == control.Get();
      for (int burst = 0; burst < 64; ++burst) {
        Fd conn(accept4(fds[i].fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!conn) break;
        if (workers.size() >= kMaxConnections) continue;  // closes it: overloaded
        auto done = std::make_shared<std::atomic<bool>>(false);
        try {
          std::thread t([&st, done, is_control, fd = conn.Get()] {
            HandleConnection(st, Fd(fd), is_control);
            done->store(true);
            Wake();
          });
          conn.Release();  // the thread owns it now
          workers.push_back({std::move(t), done});
        } catch (const std::system_error& e) {
          std::fprintf(stderr, "cujo-fault-proxy: no thread for a connection: %s\n", e.what());
        }
      }
    }
  }

  listener.Reset();
  control.Reset();
  {
    // Unblock a control request waiting for the accept loop.
    std::lock_guard<std::mutex> lock(st.mu);
    st.cv.notify_all();
  }
  for (auto& w : workers) w.thread.join();
  if (!st.opt.ready_file.empty()) std::remove(st.opt.ready_file.c_str());
  std::printf("cujo-fault-proxy: stopped\n");
  return 0;
}
