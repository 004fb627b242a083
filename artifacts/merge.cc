#include "artifacts/merge.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>

#include "artifacts/artifact_files.h"
#include "artifacts/attempt_journal.h"
#include "artifacts/results_file.h"
#include "artifacts/slo_policy.h"
#include "artifacts/verdict.h"
#include "journeys/atomic_file.h"

namespace artifacts {

namespace {

namespace fs = std::filesystem;

// The artifact directories a run writes (journeys' DirectoryArtifactSink and baselines).
const char* const kArtifactDirs[] = {"screenshots", "dom", "diffs"};

// "shard-2-of-3" for a shard, else "input-N"; unique among the inputs.
std::string Prefix(const orchestrator::RunResult& run, size_t index, std::set<std::string>& used) {
  std::string prefix = "input-" + std::to_string(index + 1);
  if (!run.run.shard.empty()) {
    prefix = "shard-" + run.run.shard;
    std::replace(prefix.begin(), prefix.end(), '/', '-');
    prefix.insert(prefix.rfind('-'), "-of");
  }
  if (!used.insert(prefix).second) {
    prefix += "-" + std::to_string(index + 1);
    used.insert(prefix);
  }
  return prefix;
}

void Rebase(std::string& path, const std::string& prefix) {
  path = path.empty() ? "" : IsArtifactPath(path) ? prefix + "/" + path : "";
}

// Each regular file, atomically like every file cujo writes (no links are followed out).
void CopyArtifacts(const std::string& from, const std::string& to) {
  for (const char* dir : kArtifactDirs) {
    fs::path source = fs::path(from) / dir;
    if (!fs::is_directory(source)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(source)) {
      if (!entry.is_regular_file() || entry.is_symlink()) continue;
      fs::path target = fs::path(to) / dir / fs::relative(entry.path(), source);
      auto bytes = ReadBinaryFile(entry.path().string());
      if (!bytes) throw std::runtime_error("cannot read " + entry.path().string());
      std::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      journeys::WriteFileAtomically(target.string(), *bytes);
    }
  }
}

// Distinct non-empty values, in order, joined with ", ".
std::string Distinct(const std::vector<std::string>& values) {
  std::vector<std::string> seen;
  for (const auto& value : values) {
    if (!value.empty() && std::find(seen.begin(), seen.end(), value) == seen.end()) {
      seen.push_back(value);
    }
  }
  std::string out;
  for (const auto& value : seen) out += (out.empty() ? "" : ", ") + value;
  return out;
}

orchestrator::RunMetadata Combine(const std::vector<orchestrator::RunResult>& runs,
                                  const std::vector<std::string>& dirs) {
  orchestrator::RunMetadata merged;
  std::vector<std::string> cujo, chromium, base_url, hostname;
  // The merged run stopped for failures only if no shard was cut short for another reason;
  // those stops are named first.
  std::vector<std::string> cut_short, for_failures;
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& meta = runs[i].run;
    cujo.push_back(meta.cujo_version);
    chromium.push_back(meta.chromium_version);
    base_url.push_back(meta.base_url);
    hostname.push_back(meta.hostname);
    if (!meta.interrupted.empty()) {
      (meta.stopped_for_failures ? for_failures : cut_short)
          .push_back(meta.interrupted + " (" + dirs[i] + ")");
    }
    // ISO 8601 UTC strings order like the times they name.
    if (!meta.started_at.empty() &&
        (merged.started_at.empty() || meta.started_at < merged.started_at)) {
      merged.started_at = meta.started_at;
    }
    merged.finished_at = std::max(merged.finished_at, meta.finished_at);
    merged.duration_ms = std::max(merged.duration_ms, meta.duration_ms);
  }
  merged.cujo_version = Distinct(cujo);
  merged.chromium_version = Distinct(chromium);
  merged.base_url = Distinct(base_url);
  merged.hostname = Distinct(hostname);
  merged.stopped_for_failures = !for_failures.empty() && cut_short.empty();
  cut_short.insert(cut_short.end(), for_failures.begin(), for_failures.end());
  merged.interrupted = Distinct(cut_short);
  merged.command_line = {"cujo", "merge"};
  merged.command_line.insert(merged.command_line.end(), dirs.begin(), dirs.end());
  return merged;
}

// run.slo_policy for people. "" is a run recorded before the built-in defaults were named.
std::string PolicyName(const std::string& recorded) {
  if (recorded.empty()) return "slo.yaml beside the journeys, else the built-in one";
  if (recorded == kBuiltInPolicy) return "the built-in defaults";
  return recorded;
}

// The policy file the shards were judged under, which judges the merge by default. Shards
// judged under different policies are a misconfigured run: judging the merge under either (or
// a third) would be a guess, so the gate must say which (--slo).
std::string CommonPolicy(const std::vector<orchestrator::RunResult>& runs,
                         const std::vector<std::string>& dirs, const std::string& slo_file) {
  std::map<std::string, std::vector<std::string>> shards_of;  // policy -> input directories
  for (size_t i = 0; i < runs.size(); ++i) shards_of[runs[i].run.slo_policy].push_back(dirs[i]);
  if (shards_of.size() == 1) return shards_of.begin()->first;
  if (!slo_file.empty() || shards_of.empty()) return "";  // --slo decides
  std::string message = "the shards were judged under different SLO policies:";
  for (const auto& [policy, shard_dirs] : shards_of) {
    message += "\n  " + PolicyName(policy) + ": ";
    for (size_t i = 0; i < shard_dirs.size(); ++i) message += (i ? ", " : "") + shard_dirs[i];
  }
  throw std::runtime_error(message + "\ngive --slo FILE to judge the merged run under one");
}

}  // namespace

orchestrator::RunResult MergeRuns(const std::vector<std::string>& dirs, const std::string& out_dir,
                                  const std::string& slo_file, std::vector<std::string>* left_out) {
  std::error_code ec;
  for (const auto& dir : dirs) {
    if (fs::equivalent(dir, out_dir, ec)) {
      throw std::runtime_error("--out " + out_dir +
                               " is one of the inputs: merge into a new directory");
    }
  }
  std::vector<orchestrator::RunResult> runs;
  std::vector<std::string> unread_lines;
  for (const auto& dir : dirs) {
    runs.push_back(ReadResults(dir));
    if (IsUnfinished(runs.back())) RecoverUnfinishedRun(dir, runs.back(), unread_lines);
  }
  if (left_out) left_out->insert(left_out->end(), unread_lines.begin(), unread_lines.end());

  orchestrator::RunResult merged;
  merged.run = Combine(runs, dirs);
  merged.run.slo_policy = CommonPolicy(runs, dirs, slo_file);
  std::map<std::string, std::string> origin;  // journey name -> input directory
  std::set<std::string> prefixes;
  for (size_t i = 0; i < runs.size(); ++i) {
    std::string prefix = Prefix(runs[i], i, prefixes);
    for (auto& record : runs[i].journeys) {
      auto [it, inserted] = origin.emplace(record.name, dirs[i]);
      if (!inserted) {
        throw std::runtime_error("journey " + record.name + " is in both " + it->second + " and " +
                                 dirs[i] + ": merge the shards of one run only");
      }
      for (auto& attempt : record.attempts) {
        for (auto& step : attempt.steps) Rebase(step.screenshot, prefix);
        Rebase(attempt.failure.screenshot, prefix);
        Rebase(attempt.failure.dom, prefix);
      }
      merged.journeys.push_back(std::move(record));
    }
    CopyArtifacts(dirs[i], out_dir + "/" + prefix);
  }
  SloPolicy policy = PolicyOfRun(merged, slo_file);
  merged.run.slo_policy = policy.Recorded();
  merged.summary = Summarize(merged, policy).ToJson();
  return merged;
}

}  // namespace artifacts
