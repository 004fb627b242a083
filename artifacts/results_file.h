// results.json: the single source every other output is generated from. Written atomically
// (temporary file, then rename), so a reader, or a run killed mid-write, never sees half of it.
#pragma once

#include <map>
#include <string>

#include "journeys/atomic_file.h"
#include "orchestrator/run_result.h"

namespace artifacts {

// Throw std::runtime_error naming the path and the cause.
void WriteResults(const std::string& out_dir, const orchestrator::RunResult& run);
orchestrator::RunResult ReadResults(const std::string& out_dir);

// Journey name -> the duration (ms) of its last attempt in `out_dir`/results.json, read without
// keeping the attempts: a long traffic run's file is tens of megabytes. Throws like ReadResults.
std::map<std::string, double> LastAttemptDurations(const std::string& out_dir);

// results.json written as it is produced, for a run whose attempts are not all in memory
// (AttemptJournal): Journey() for each journey, each followed by Attempt() for each of its
// attempts, then Commit(). Throws std::runtime_error naming the path and the cause.
class ResultsWriter {
 public:
  // `run`'s schema version and metadata; its journeys come through Journey().
  ResultsWriter(const std::string& out_dir, const orchestrator::RunResult& run);
  // Every field of `record` but its attempts.
  void Journey(const orchestrator::JourneyRecord& record);
  void Attempt(const nlohmann::json& attempt);
  void Commit(const nlohmann::json& summary);

 private:
  void CloseJourney();

  journeys::AtomicFile file_;
  bool in_journey_ = false;
  bool first_journey_ = true;
  bool first_attempt_ = true;
};

}  // namespace artifacts
