// attempts.jsonl: every attempt of a run, appended as it ends, one JSON object a line. A long
// traffic run keeps only where each attempt is in the file, not the attempts themselves (they
// were most of its memory, and grew without bound), and a run killed mid-way leaves every
// attempt it finished. results.json is assembled from it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/run_result.h"

namespace artifacts {

class AttemptJournal {
 public:
  // Starts an empty journal in `out_dir` for `journeys` journeys. Throws std::runtime_error
  // naming the path and the cause.
  AttemptJournal(const std::string& out_dir, size_t journeys);

  // Never throws: an attempt that cannot be written (disk full, read-only) stays in memory.
  // Returns why it could not be written, or "".
  std::string Append(size_t journey, const journeys::AttemptResult& attempt);

  // results.json from `run` (its records' attempts are ignored) with every attempt so far,
  // streamed from the journal. Throws std::runtime_error naming the path and the cause.
  void WriteResults(const std::string& out_dir, const orchestrator::RunResult& run) const;

  // `records` (one per journey, in order, without attempts) with their attempts from the
  // journal.
  // Throws std::runtime_error naming the path and the cause.
  std::vector<orchestrator::JourneyRecord> Load(
      std::vector<orchestrator::JourneyRecord> records) const;

 private:
  struct Entry {
    int64_t offset = 0;  // its line in the journal
    int64_t length = 0;
    std::unique_ptr<journeys::AttemptResult> unwritten;  // set when the write failed
  };
  class Reader;

  std::string path_;
  std::vector<std::vector<Entry>> entries_;  // per journey, in the order they ended
};

// The attempts in `dir`/attempts.jsonl by journey name, in the order they ended; empty when
// there is no journal. A last line cut short (the run was killed mid-write) is left out; so is
// any other line that is not an attempt (a damaged disk block), each named in `left_out` as
// "file:line: why", so that one bad line does not cost the attempts around it.
std::map<std::string, std::vector<journeys::AttemptResult>> ReadJournal(
    const std::string& dir, std::vector<std::string>& left_out);

// Whether `run` (read from results.json) is a snapshot of a run that never concluded: killed
// before it wrote its verdict.
bool IsUnfinished(const orchestrator::RunResult& run);

// An unfinished run's snapshot may be seconds (in a long traffic run, minutes) behind the
// journal in `dir`: the journal's attempts win, and the run is marked as interrupted (its
// summary is left to the caller). Returns how many attempts the snapshot did not have; the
// journal's lines left out are added to `left_out`.
size_t RecoverUnfinishedRun(const std::string& dir, orchestrator::RunResult& run,
                            std::vector<std::string>& left_out);

}  // namespace artifacts
