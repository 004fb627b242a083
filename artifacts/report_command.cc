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

void WarnLeftOut(const std::vector<std::string>& left_out, std::ostream& err) {
  for (const auto& line : left_out) err << "cujo: warning: " << line << "; left out\n";
}

}  // namespace

int RunReport(const std::string& dir, const std::string& pushgateway, std::ostream& out,
              std::ostream& err) {
  orchestrator::RunResult run;
  try {
    run = ReadResults(dir);
    if (IsUnfinished(run)) {
      std::vector<std::string> left_out;
      size_t recovered = RecoverUnfinishedRun(dir, run, left_out);
      WarnLeftOut(left_out, err);
      // Judged now, as interrupted.
      run.summary = Summarize(run, PolicyOfRun(run)).ToJson();
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
    std::vector<std::string> left_out;
    run = MergeRuns(dirs, out_dir, slo_file, &left_out);
    WarnLeftOut(left_out, err);
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
