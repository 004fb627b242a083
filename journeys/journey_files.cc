// Directory walks skip hidden entries (.git, editor lock files), baselines/ directories and
// runs' output directories, and follow no directory symlinks; a file named twice (directly and
// through its directory) is read once.
#include "journeys/journey_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

namespace journeys {

namespace fs = std::filesystem;

namespace {

void Report(std::vector<Diagnostic>& errors, const std::string& path, std::string message) {
  errors.push_back(Diagnostic{Location{path, 0, 0}, std::move(message), ""});
}

bool IsJourneyFile(const fs::path& path) {
  // The gate's SLO policy lives beside the journeys it judges (artifacts/slo_policy.h).
  if (path.filename() == "slo.yaml") return false;
  std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml" || extension == ".json";
}

// A run's output directory: `cujo run .` in a journey directory writes cujo-results/ there,
// and its results.json is not a journey.
bool IsRunOutput(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "results.json", ec) || fs::exists(dir / "attempts.jsonl", ec);
}

// Hidden entries, the visual baselines kept beside the journeys (artifacts/baselines.h): their
// NAME.masks.json files are not journeys, and runs' outputs.
bool IsSkipped(const fs::path& path, bool is_directory) {
  std::string name = path.filename().string();
  if (!name.empty() && name[0] == '.') return true;
  return is_directory && (name == "baselines" || IsRunOutput(path));
}

std::vector<std::string> FilesIn(const std::string& dir, std::vector<Diagnostic>& errors) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    bool is_directory = it->is_directory(ec);
    if (IsSkipped(it->path(), is_directory)) {
      if (is_directory) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && IsJourneyFile(it->path())) files.push_back(it->path().string());
  }
  if (ec) Report(errors, dir, "cannot read the directory: " + ec.message());
  if (!ec && files.empty()) Report(errors, dir, "no journey files (*.yaml, *.yml, *.json) here");
  return files;
}

}  // namespace

std::vector<std::string> FindJourneyFiles(const std::vector<std::string>& paths,
                                          std::vector<Diagnostic>& errors) {
  std::vector<std::string> found;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      Report(errors, path, "no such file or directory");
    } else if (fs::is_directory(status)) {
      std::vector<std::string> files = FilesIn(path, errors);
      found.insert(found.end(), files.begin(), files.end());
    } else {
      found.push_back(path);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> files;
  std::set<fs::path> seen;
  for (const std::string& file : found) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(file, ec);
    if (seen.insert(ec ? fs::path(file) : canonical).second) files.push_back(file);
  }
  return files;
}

std::optional<std::string> ReadJourneyFile(const std::string& path,
                                           std::vector<Diagnostic>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Report(errors, path, std::string("cannot read the file: ") + std::strerror(errno));
    return std::nullopt;
  }
  std::string text;
  char buffer[8192];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxJourneyFileBytes) {
      Report(errors, path, "the file is larger than 1 MiB: no journey is that long");
      return std::nullopt;
    }
  }
  if (in.bad()) {
    Report(errors, path, std::string("cannot read the file: ") + std::strerror(errno));
    return std::nullopt;
  }
  return text;
}

}  // namespace journeys
