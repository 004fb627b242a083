#include "journeys/artifact_sink.h"

#include "journeys/atomic_file.h"

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
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
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
    if (claim < 0) throw std::runtime_error("cannot create " + path + ": " + strerror(errno));
    close(claim);
    WriteFileAtomically(path, bytes);
    return dir_name + "/" + name;
  }
  throw std::runtime_error("too many artifacts named " + stem + " in " + dir);
}

}  // namespace journeys
