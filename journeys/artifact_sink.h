// Where an attempt's files (screenshots, DOM snapshots) go. The executor only hands over
// bytes and a name hint; the sink decides a safe, unique file name and returns its path.
#pragma once

#include <string>
#include <string_view>

namespace journeys {

class ArtifactSink {
 public:
  virtual ~ArtifactSink() = default;
  // `category`: "screenshots", "dom", ...; `name_hint`: free text (journey and step names),
  // never trusted as a path. Returns the path relative to the sink's root. Throws
  // std::runtime_error when the file cannot be written.
  virtual std::string Save(const std::string& category, const std::string& name_hint,
                           const std::string& extension, std::string_view bytes) = 0;
};

// Writes under `root`/category/ with names made of [A-Za-z0-9._-] only, a numeric suffix on
// collision, atomically (temporary file, then rename).
class DirectoryArtifactSink : public ArtifactSink {
 public:
  explicit DirectoryArtifactSink(std::string root) : root_(std::move(root)) {}
  std::string Save(const std::string& category, const std::string& name_hint,
                   const std::string& extension, std::string_view bytes) override;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// `text` reduced to a safe file name stem: no separators, no dot-dot, at most 80 bytes.
std::string SafeFileStem(const std::string& text);

}  // namespace journeys
