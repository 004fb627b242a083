// A directory that exists exactly as long as its owner: browser profiles and test scratch
// space must never outlive a run.
#pragma once

#include <string>

namespace cdp {

class TempDir {
 public:
  // Creates $TMPDIR/<prefix>XXXXXX. Throws std::system_error with the path on failure.
  explicit TempDir(const std::string& prefix);
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  // Removes the tree now; returns false (and logs) when something could not be removed.
  bool Remove();

 private:
  std::string path_;
};

}  // namespace cdp
