// --remote-debugging-pipe: Chromium reads commands on its fd 3 and writes on fd 4, each
// message terminated by a NUL byte. Faster than a websocket (no framing, no masking) and the
// browser exits by itself when cujo's end closes.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "cdp/error.h"
#include "cdp/nul_framer.h"
#include "cdp/transport.h"

namespace cdp {

namespace {

constexpr size_t kReadChunk = 1 << 20;
// Far above any real message (a full-page screenshot is tens of MB); a peer that sends more
// without a NUL is broken, and buffering it forever would take the machine down instead.
constexpr size_t kMaxMessageBytes = size_t{1} << 30;
// A browser that reads nothing of a full pipe (64 KiB) for this long is hung (frozen, stopped):
// the channel is closed rather than blocking cujo's threads, and its teardown, for ever.
constexpr std::chrono::milliseconds kStalledWrite{10000};

void IgnoreSigpipeOnce() {
  // A write to a pipe whose browser died raises SIGPIPE, whose default action kills cujo.
  static std::once_flag once;
  std::call_once(once, [] { signal(SIGPIPE, SIG_IGN); });
}

class PipeTransport final : public Transport {
 public:
  PipeTransport(int write_fd, int read_fd) : write_fd_(write_fd), read_fd_(read_fd) {
    IgnoreSigpipeOnce();
    if (pipe2(wake_, O_CLOEXEC) != 0) {
      throw Error(ErrorKind::kDisconnected, std::string("pipe2 failed: ") + strerror(errno));
    }
    // Writes wait in poll(), where a stall is bounded and Close() can end them.
    int flags = fcntl(write_fd_, F_GETFL);
    if (flags >= 0) fcntl(write_fd_, F_SETFL, flags | O_NONBLOCK);
  }

  ~PipeTransport() override {
    Close();
    close(wake_[0]);
    close(wake_[1]);
  }

  void Start(Handlers handlers) override {
    handlers_ = std::move(handlers);
    reader_ = std::thread([this] { ReadLoop(); });
  }

  void Send(std::string message) override {
    message.push_back('\0');
    std::lock_guard<std::mutex> lock(write_mutex_);
    if (write_fd_ < 0) return;
    std::string_view left = message;
    while (!left.empty()) {
      ssize_t n = write(write_fd_, left.data(), left.size());
      if (n >= 0) {
        left.remove_prefix(static_cast<size_t>(n));
        continue;
      }
      if (errno == EINTR || (errno == EAGAIN && AwaitWritable())) continue;
      // EPIPE: the browser is gone, and the reader sees EOF and reports the close. A stall, or
      // Close() meanwhile: a message cut short would garble every later one, so the channel
      // ends here (the browser sees EOF and exits; calls waiting for replies time out).
      if (errno != EPIPE && errno != ECANCELED) {
        spdlog::warn("cdp: the browser read no command for {} s: closing its pipe",
                     kStalledWrite.count() / 1000);
      }
      close(write_fd_);
      write_fd_ = -1;
      return;
    }
  }

  void Close() override {
    // Several owners may close at once (teardown racing a stop signal): one joins, the others
    // wait for it.
    std::lock_guard<std::mutex> closing(close_mutex_);
    // Wakes the reader, and a writer waiting for the browser to read (the byte is never read:
    // both see it).
    (void)!write(wake_[1], "x", 1);
    {
      std::lock_guard<std::mutex> lock(write_mutex_);
      if (write_fd_ >= 0) close(write_fd_);
      write_fd_ = -1;
    }
    if (reader_.joinable()) reader_.join();
    if (read_fd_ >= 0) close(read_fd_);
    read_fd_ = -1;
  }

 private:
  // True when the pipe may take more (or has an error the next write reports); false with
  // errno ETIMEDOUT after kStalledWrite, ECANCELED when Close() began. write_mutex_ held.
  bool AwaitWritable() {
    pollfd fds[2] = {{write_fd_, POLLOUT, 0}, {wake_[0], POLLIN, 0}};
    auto deadline = std::chrono::steady_clock::now() + kStalledWrite;
    while (true) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      int ready = poll(fds, 2, static_cast<int>(std::max<int64_t>(left.count(), 0)));
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) return false;
      if (ready == 0) {
        errno = ETIMEDOUT;
        return false;
      }
      if (fds[1].revents != 0) {
        errno = ECANCELED;
        return false;
      }
      return true;
    }
  }

  void ReadLoop() { handlers_.on_close(ReadUntilClosed()); }

  // Returns why the channel closed.
  std::string ReadUntilClosed() {
    NulFramer framer(kMaxMessageBytes);
    std::string chunk(kReadChunk, '\0');
    pollfd fds[2] = {{read_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    while (true) {
      if (poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return std::string("pipe poll failed: ") + strerror(errno);
      }
      if (fds[1].revents != 0) return "pipe closed by cujo";
      ssize_t n = read(read_fd_, chunk.data(), chunk.size());
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return std::string("pipe read failed: ") + strerror(errno);
      }
      if (n == 0) {
        if (framer.pending_bytes() == 0) return "pipe closed (EOF)";
        return "pipe closed (EOF) inside a message: " + std::to_string(framer.pending_bytes()) +
               " bytes without their NUL terminator were dropped";
      }
      if (!framer.Feed(std::string_view(chunk.data(), static_cast<size_t>(n)),
                       handlers_.on_message)) {
        return "pipe message exceeds " + std::to_string(framer.max_message_bytes()) + " bytes";
      }
    }
  }

  std::mutex close_mutex_;
  std::mutex write_mutex_;
  int write_fd_;
  int read_fd_;
  int wake_[2];
  Handlers handlers_;
  std::thread reader_;
};

}  // namespace

std::unique_ptr<Transport> MakePipeTransport(int write_fd, int read_fd) {
  return std::make_unique<PipeTransport>(write_fd, read_fd);
}

}  // namespace cdp
