#include "journeys/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace journeys {

void WriteFileAtomically(const std::string& path, std::string_view content) {
  std::string temporary = path + ".tmp." + std::to_string(getpid());
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  auto fail = [&](int error) {
    if (fd >= 0) close(fd);
    unlink(temporary.c_str());
    throw std::runtime_error("cannot write " + path + ": " + strerror(error));
  };
  if (fd < 0) fail(errno);
  while (!content.empty()) {
    ssize_t n = write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(errno);
    content.remove_prefix(static_cast<size_t>(n));
  }
  int closed = close(fd);
  fd = -1;
  if (closed != 0 || rename(temporary.c_str(), path.c_str()) != 0) fail(errno);
}

}  // namespace journeys
