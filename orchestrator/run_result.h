// A whole run: what was asked (target, flags, shard), and every attempt of every journey. The
// orchestrator fills it as attempts finish; artifacts/ writes it as results.json and derives
// every other output (JUnit, HTML, metrics, verdict) from it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "journeys/result.h"

namespace orchestrator {

constexpr int kResultsSchemaVersion = 1;

// What a journey is, apart from its attempts: results.json writers stream the attempts one by
// one and must not turn them all into JSON only to drop them.
struct JourneyInfo {
  std::string name;
  std::string file;
  std::string tier;
  std::vector<std::string> tags;
  std::string description;
  // Set when the journey was selected but never ran (run stopped, target down).
  std::string not_run_reason;
};

struct JourneyRecord : JourneyInfo {
  // Every attempt in the order they ended: retries, and repetitions in traffic mode.
  std::vector<journeys::AttemptResult> attempts;
};

struct RunMetadata {
  std::string cujo_version;
  std::string chromium_version;
  std::string base_url;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  double duration_ms = 0;
  std::string shard;                      // "2/3", or empty
  std::vector<std::string> command_line;  // secrets masked
  std::string hostname;
  // Why the run ended early (signal, deadline, target unreachable, max failures), if it did.
  std::string interrupted;
  // The run stopped because the build was failing (--max-failures): its failures stand as they
  // are, where a run cut short for another reason is inconclusive whatever it saw.
  bool stopped_for_failures = false;
  // The SLO policy the run is judged under: its file (absolute), or "built-in" (before that was
  // recorded: empty). `cujo report` judges a run that never concluded under the same policy.
  std::string slo_policy;
};

struct RunResult {
  int schema_version = kResultsSchemaVersion;
  RunMetadata run;
  std::vector<JourneyRecord> journeys;
  // Filled by the summarizer: {"verdict": ..., "reasons": [...], ...}.
  nlohmann::json summary = nlohmann::json::object();
};

// A run that stopped early: every journey without an attempt gets `reason` as why it never ran.
inline void MarkNotRun(std::vector<JourneyRecord>& journeys, const std::string& reason) {
  for (auto& record : journeys) {
    if (record.attempts.empty() && record.not_run_reason.empty()) record.not_run_reason = reason;
  }
}

// JSON: every field by name; absent fields keep their defaults, so older files still load.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(JourneyInfo, name, file, tier, tags, description,
                                                not_run_reason)

inline void to_json(nlohmann::json& j, const JourneyRecord& record) {
  to_json(j, static_cast<const JourneyInfo&>(record));
  j["attempts"] = record.attempts;
}

inline void from_json(const nlohmann::json& j, JourneyRecord& record) {
  from_json(j, static_cast<JourneyInfo&>(record));
  record.attempts = j.value("attempts", std::vector<journeys::AttemptResult>{});
}
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RunMetadata, cujo_version, chromium_version,
                                                base_url, started_at, finished_at, duration_ms,
                                                shard, command_line, hostname, interrupted,
                                                stopped_for_failures, slo_policy)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RunResult, schema_version, run, journeys, summary)

}  // namespace orchestrator
