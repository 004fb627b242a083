#include "artifacts/artifact_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace artifacts {

bool IsArtifactPath(const std::string& path) {
  std::filesystem::path p(path);
  if (path.empty() || p.is_absolute()) return false;
  for (const auto& part : p) {
    if (part == "..") return false;
  }
  return true;
}

std::optional<std::string> ReadBinaryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::optional<std::string> ReadArtifact(const std::string& out_dir, const std::string& path) {
  if (!IsArtifactPath(path)) return std::nullopt;
  return ReadBinaryFile(out_dir + "/" + path);
}

}  // namespace artifacts
