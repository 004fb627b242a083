#include "artifacts/attempt_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "artifacts/results_file.h"

namespace artifacts {

namespace {

std::string Cause(const std::string& path, const std::string& what, int error) {
  return "cannot " + what + " " + path + ": " + strerror(error);
}

std::string JournalPath(const std::string& out_dir) { return out_dir + "/attempts.jsonl"; }

// Appends `line` to `path` and sets `offset` to where it starts; returns why it failed, or "".
// Opened for each line rather than held: the kernel will not remount a disk read-only (nor can
// an operator do so to stop a runaway run) while a file on it is open for writing.
std::string AppendLine(const std::string& path, std::string_view line, int64_t& offset) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return Cause(path, "append to", errno);
  offset = lseek(fd, 0, SEEK_END);
  int error = 0;
  size_t written = 0;
  while (written < line.size() && error == 0) {
    ssize_t n = write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno != EINTR) error = errno;
    if (n > 0) written += static_cast<size_t>(n);
  }
  std::string problem = error == 0 ? "" : Cause(path, "append to", error);
  // No half line for a reader tailing the journal to trip on.
  if (error != 0 && written > 0 && ftruncate(fd, offset) != 0) {
    problem += " (a half-written line remains)";
  }
  if (close(fd) != 0 && problem.empty()) problem = Cause(path, "append to", errno);
  return problem;
}

}  // namespace

// The journal opened for reading: one descriptor for all the attempts a call reads back.
class AttemptJournal::Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {
    fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error(Cause(path, "read", errno));
  }
  ~Reader() { close(fd_); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  nlohmann::json Json(const Entry& entry) const {
    if (entry.unwritten) return *entry.unwritten;
    std::string line(static_cast<size_t>(entry.length), '\0');
    size_t done = 0;
    while (done < line.size()) {
      ssize_t n = pread(fd_, line.data() + done, line.size() - done,
                        static_cast<off_t>(entry.offset + static_cast<int64_t>(done)));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::runtime_error(Cause(path_, "read", errno));
      if (n == 0) throw std::runtime_error(path_ + " was cut short (by another program?)");
      done += static_cast<size_t>(n);
    }
    try {
      return nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(path_ + ": the attempt at byte " + std::to_string(entry.offset) +
                               " is not JSON (changed by another program?): " + e.what());
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
};

AttemptJournal::AttemptJournal(const std::string& out_dir, size_t journeys)
    : path_(JournalPath(out_dir)), entries_(journeys) {
  int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(Cause(path_, "create", errno));
  close(fd);
}

std::string AttemptJournal::Append(size_t journey, const journeys::AttemptResult& attempt) {
  const std::string line =
      nlohmann::json(attempt).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  Entry entry;
  std::string problem = AppendLine(path_, line, entry.offset);
  if (problem.empty()) {
    entry.length = static_cast<int64_t>(line.size());
  } else {
    entry.unwritten = std::make_unique<journeys::AttemptResult>(attempt);
    problem += " (the attempt is kept in memory)";
  }
  entries_[journey].push_back(std::move(entry));
  return problem;
}

void AttemptJournal::WriteResults(const std::string& out_dir,
                                  const orchestrator::RunResult& run) const {
  Reader reader(path_);
  ResultsWriter writer(out_dir, run);
  for (size_t i = 0; i < run.journeys.size(); ++i) {
    writer.Journey(run.journeys[i]);
    for (const auto& entry : entries_[i]) writer.Attempt(reader.Json(entry));
  }
  writer.Commit(run.summary);
}

std::vector<orchestrator::JourneyRecord> AttemptJournal::Load(
    std::vector<orchestrator::JourneyRecord> records) const {
  Reader reader(path_);
  for (size_t i = 0; i < records.size(); ++i) {
    for (const auto& entry : entries_[i]) {
      records[i].attempts.push_back(reader.Json(entry).get<journeys::AttemptResult>());
    }
  }
  return records;
}

std::map<std::string, std::vector<journeys::AttemptResult>> ReadJournal(
    const std::string& dir, std::vector<std::string>& left_out) {
  const std::string path = JournalPath(dir);
  std::map<std::string, std::vector<journeys::AttemptResult>> attempts;
  std::ifstream in(path);
  if (!in) return attempts;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    // No newline after it: the line was being written when the run was killed.
    const bool cut_short = in.eof();
    journeys::AttemptResult attempt;
    try {
      attempt = nlohmann::json::parse(line).get<journeys::AttemptResult>();
    } catch (const nlohmann::json::exception&) {
      attempt.journey.clear();
    }
    if (attempt.journey.empty()) {
      if (!cut_short) {
        left_out.push_back(path + ":" + std::to_string(number) + ": not an attempt of a journey");
      }
      continue;
    }
    attempts[attempt.journey].push_back(std::move(attempt));
  }
  return attempts;
}

bool IsUnfinished(const orchestrator::RunResult& run) { return !run.summary.contains("verdict"); }

size_t RecoverUnfinishedRun(const std::string& dir, orchestrator::RunResult& run,
                            std::vector<std::string>& left_out) {
  auto journal = ReadJournal(dir, left_out);
  size_t recovered = 0;
  for (auto& record : run.journeys) {
    auto it = journal.find(record.name);
    if (it == journal.end() || it->second.size() <= record.attempts.size()) continue;
    recovered += it->second.size() - record.attempts.size();
    record.attempts = std::move(it->second);
  }
  if (run.run.interrupted.empty()) {
    run.run.interrupted = "the run never finished (killed?)";
    run.run.stopped_for_failures = false;  // cut short, whatever stopped it
  }
  orchestrator::MarkNotRun(run.journeys, run.run.interrupted);
  return recovered;
}

}  // namespace artifacts
