#include "artifacts/outputs.h"

#include <functional>

#include "artifacts/html_report.h"
#include "artifacts/junit.h"
#include "artifacts/metrics.h"
#include "artifacts/pushgateway.h"
#include "artifacts/summary_markdown.h"
#include "journeys/atomic_file.h"

namespace artifacts {

std::vector<std::string> WriteOutputs(const std::string& out_dir,
                                      const orchestrator::RunResult& run) {
  using journeys::AtomicFile;
  const std::pair<const char*, std::function<void(AtomicFile&)>> outputs[] = {
      {"junit.xml",
       [&](AtomicFile& file) {
         WriteJUnit(run, out_dir, [&file](std::string_view text) { file.Write(text); });
       }},
      {"report.html", [&](AtomicFile& file) { file.Write(RenderHtmlReport(run, out_dir)); }},
      {"metrics.prom", [&](AtomicFile& file) { file.Write(RenderMetrics(run)); }},
      {"summary.md", [&](AtomicFile& file) { file.Write(RenderSummaryMarkdown(run)); }},
  };
  std::vector<std::string> problems;
  for (const auto& [name, write] : outputs) {
    try {
      AtomicFile file(out_dir + "/" + name);
      write(file);
      file.Commit();
    } catch (const nlohmann::json::exception& e) {
      // A value of the wrong type in the run: in practice a results.json edited by hand, which
      // cujo report read back.
      problems.push_back(out_dir + "/" + name + " not written: a value in " + out_dir +
                         "/results.json has the wrong type: " + e.what());
    } catch (const std::exception& e) {
      problems.push_back(e.what());  // names the file and the cause
    }
  }
  return problems;
}

std::string PushRunMetrics(const std::string& url, const orchestrator::RunResult& run) {
  try {
    PushMetrics(url, run.run.shard, RenderMetrics(run));
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace artifacts
