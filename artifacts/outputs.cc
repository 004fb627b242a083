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
  const std::pair<const char*, std::function<std::string()>> outputs[] = {
      {"junit.xml", [&] { return RenderJUnit(run, out_dir); }},
      {"report.html", [&] { return RenderHtmlReport(run, out_dir); }},
      {"metrics.prom", [&] { return RenderMetrics(run); }},
      {"summary.md", [&] { return RenderSummaryMarkdown(run); }},
  };
  std::vector<std::string> problems;
  for (const auto& [name, render] : outputs) {
    try {
      journeys::WriteFileAtomically(out_dir + "/" + name, render());
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
