#include "artifacts/report_command.h"

#include <filesystem>

#include "artifacts/attempt_journal.h"
#include "artifacts/attempts.h"
#include "artifacts/merge.h"
#include "artifacts/outputs.h"
#include "artifacts/results_file.h"
#include "artifacts/verdict.h"

namespace artifacts {

namespace {

// Writes the outputs and pushes the metrics; false when an output could not be written.
bool Publish(const std::string& dir, const orchestrator::RunResult& run,
             const std::string& pushgateway, std::ostream& out, std::ostream& err) {
  auto problems = WriteOutputs(dir, run);
  for (const auto& problem : problems) err << "cujo: " << problem << "\n";
  if (!pushgateway.empty()) {
    std::string problem = PushRunMetrics(pushgateway, run);
    if (!problem.empty()) err << "cujo: warning: metrics not pushed: " << problem << "\n";
  }
  if (!problems.empty()) return false;  // the problems name what was not written
  out << "report: " << dir << "/report.html\njunit: " << dir << "/junit.xml\nmetrics: " << dir
      << "/metrics.prom\n";
  return true;
}

// A run killed before it concluded left a results.json snapshot that may be seconds (in a long
// traffic run, minutes) behind its journal: the journal's attempts win, and the run is judged
// now, marked as interrupted. Returns how many attempts the snapshot did not have.
size_t RecoverUnfinishedRun(const std::string& dir, orchestrator::RunResult& run,
                            std::ostream& err) {
  std::vector<std::string> left_out;
  auto journal = ReadJournal(dir, left_out);
  for (const auto& line : left_out) err << "cujo: warning: " << line << "; left out\n";
  size_t recovered = 0;
  for (auto& record : run.journeys) {
    auto it = journal.find(record.name);
    if (it == journal.end() || it->second.size() <= record.attempts.size()) continue;
    recovered += it->second.size() - record.attempts.size();
    record.attempts = std::move(it->second);
  }
  if (run.run.interrupted.empty()) run.run.interrupted = "the run never finished (killed?)";
  orchestrator::MarkNotRun(run.journeys, run.run.interrupted);
  run.summary = Summarize(run, PolicyOfRun(run)).ToJson();
  return recovered;
}

}  // namespace

int RunReport(const std::string& dir, const std::string& pushgateway, std::ostream& out,
              std::ostream& err) {
  orchestrator::RunResult run;
  try {
    run = ReadResults(dir);
    if (!run.summary.contains("verdict")) {
      size_t recovered = RecoverUnfinishedRun(dir, run, err);
      out << "cujo: the run in " << dir << " never finished (killed?); " << recovered
          << " attempts recovered from attempts.jsonl\n";
      WriteResults(dir, run);
    }
  } catch (const std::exception& e) {
    err << "cujo: " << e.what() << "\n";
    return kExitConfig;
  }
  return Publish(dir, run, pushgateway, out, err) ? 0 : kExitConfig;
}

int RunMerge(const std::vector<std::string>& dirs, const std::string& out_dir,
             const std::string& slo_file, const std::string& pushgateway, std::ostream& out,
             std::ostream& err) {
  orchestrator::RunResult run;
  try {
    std::filesystem::create_directories(out_dir);
    run = MergeRuns(dirs, out_dir, slo_file);
    WriteResults(out_dir, run);
  } catch (const std::exception& e) {
    err << "cujo: " << e.what() << "\n";
    return kExitConfig;
  }
  if (!Publish(out_dir, run, pushgateway, out, err)) return kExitConfig;
  std::string verdict = SummaryString(run.summary, "verdict");
  int exit_code = run.summary.value("exit_code", kExitInconclusive);
  out << "cujo: merged " << dirs.size() << " runs, " << run.journeys.size()
      << " journeys\nverdict: " << verdict << " (exit " << exit_code << ")\n";
  return exit_code;
}

}  // namespace artifacts
