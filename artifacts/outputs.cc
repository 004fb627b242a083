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
  using Write = std::function<void(std::string_view)>;
  const std::pair<const char*, std::function<void(const Write&)>> outputs[] = {
      {"junit.xml", [&](const Write& write) { WriteJUnit(run, out_dir, write); }},
      {"report.html", [&](const Write& write) { write(RenderHtmlReport(run, out_dir)); }},
      {"metrics.prom", [&](const Write& write) { write(RenderMetrics(run)); }},
      {"summary.md", [&](const Write& write) { write(RenderSummaryMarkdown(run)); }},
  };
  std::vector<std::string> problems;
  for (const auto& [name, render] : outputs) {
    try {
      journeys::AtomicFile file(out_dir + "/" + name);
      render([&file](std::string_view text) { file.Write(text); });
      file.Commit();
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
