// Artifact paths in results.json are relative to the run's output directory. They are read back
// (report thumbnails, merging shards) from a file that may have been edited or come from
// elsewhere: only plain relative paths inside the directory are followed.
#pragma once

#include <optional>
#include <string>

namespace artifacts {

// Relative, non-empty, and without "..": inside the output directory.
bool IsArtifactPath(const std::string& path);

// The bytes of a file; nullopt when it cannot be read.
std::optional<std::string> ReadBinaryFile(const std::string& path);

// The bytes of artifact `path` of the run in `out_dir`; nullopt for an unsafe path or a missing
// file.
std::optional<std::string> ReadArtifact(const std::string& out_dir, const std::string& path);

}  // namespace artifacts
