#include "journeys/artifact_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace journeys {

namespace {

constexpr size_t kMaxStem = 80;

bool IsSafe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.';
}

[[noreturn]] void Fail(const std::string& what, const std::string& path) {
  throw std::runtime_error("cannot " + what + " " + path + ": " + strerror(errno));
}

void WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail("write", path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

std::string SafeFileStem(const std::string& text) {
  std::string stem;
  for (char c : text) {
    char safe = IsSafe(c) ? c : '-';
    if (safe == '-' && !stem.empty() && stem.back() == '-') continue;
    stem.push_back(safe);
  }
  // Leading dots would make hidden files or "..".
  while (!stem.empty() && (stem.front() == '.' || stem.front() == '-')) stem.erase(0, 1);
  if (stem.size() > kMaxStem) stem.resize(kMaxStem);
  while (!stem.empty() && (stem.back() == '-' || stem.back() == '.')) stem.pop_back();
  return stem.empty() ? "artifact" : stem;
}

std::string DirectoryArtifactSink::Save(const std::string& category, const std::string& name_hint,
                                        const std::string& extension, std::string_view bytes) {
  const std::string dir_name = SafeFileStem(category);
  const std::string dir = root_ + "/" + dir_name;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create " + dir + ": " + ec.message());

  const std::string stem = SafeFileStem(name_hint);
  const std::string ext = SafeFileStem(extension);
  for (int n = 1; n < 10000; ++n) {
    std::string name = stem + (n == 1 ? "" : "-" + std::to_string(n)) + "." + ext;
    std::string path = dir + "/" + name;
    // O_EXCL claims the name; the content arrives by rename so readers never see half a file.
    int claim = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (claim < 0 && errno == EEXIST) continue;
    if (claim < 0) Fail("create", path);
    close(claim);
    std::string temporary = path + ".tmp";
    int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) Fail("create", temporary);
    try {
      WriteAll(fd, bytes, temporary);
    } catch (...) {
      close(fd);
      unlink(temporary.c_str());
      throw;
    }
    if (close(fd) != 0 || rename(temporary.c_str(), path.c_str()) != 0) Fail("write", path);
    return dir_name + "/" + name;
  }
  throw std::runtime_error("too many artifacts named " + stem + " in " + dir);
}

}  // namespace journeys
