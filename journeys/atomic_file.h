// Files that readers (a CI job, a QA engineer, a crashed run's successor) may open at any
// moment are written to a temporary name and renamed into place: never seen half-written.
#pragma once

#include <string>
#include <string_view>

namespace journeys {

// A file written piece by piece, for content too big to build in memory first: it appears
// under its name at Commit(), and not at all if the writer is destroyed before. Every error
// throws std::runtime_error naming the path and the cause.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void Write(std::string_view text);
  void Commit();

 private:
  void Flush();
  void WriteOut(std::string_view text);
  [[noreturn]] void Fail(int error);

  std::string path_;
  std::string temporary_;
  int fd_ = -1;
  std::string buffer_;
};

// Throws std::runtime_error naming the path and the cause.
void WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace journeys
