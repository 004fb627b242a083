#include "journeys/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace journeys {

namespace {
constexpr size_t kBufferBytes = 64 * 1024;
}  // namespace

// A temporary name of its own (mkostemp), not one per process: the journeys running on cujo's
// threads may write the same file at once (a screenshot baseline of a journey that several
// others use), and must not write into each other's temporary file.
AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".XXXXXX") {
  fd_ = mkostemp(temporary_.data(), O_CLOEXEC);
  if (fd_ < 0 || fchmod(fd_, 0644) != 0) Fail(errno);
}

AtomicFile::~AtomicFile() {
  if (fd_ < 0) return;
  close(fd_);
  unlink(temporary_.c_str());
}

void AtomicFile::Write(std::string_view text) {
  if (buffer_.size() + text.size() > kBufferBytes) {
    Flush();
    // Big content (a screenshot) goes out as it is rather than through a copy.
    if (text.size() > kBufferBytes) return WriteOut(text);
  }
  buffer_.append(text);
}

void AtomicFile::Commit() {
  Flush();
  int closed = close(fd_);
  fd_ = -1;
  if (closed != 0 || rename(temporary_.c_str(), path_.c_str()) != 0) Fail(errno);
}

void AtomicFile::Flush() {
  WriteOut(buffer_);
  buffer_.clear();
}

void AtomicFile::WriteOut(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(fd_, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(errno);
    text.remove_prefix(static_cast<size_t>(n));
  }
}

void AtomicFile::Fail(int error) {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  unlink(temporary_.c_str());
  throw std::runtime_error("cannot write " + path_ + ": " + strerror(error));
}

void WriteFileAtomically(const std::string& path, std::string_view content) {
  AtomicFile file(path);
  file.Write(content);
  file.Commit();
}

}  // namespace journeys
