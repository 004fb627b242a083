// Everything a run leaves next to results.json is generated from it, here, in one place: at the
// end of `cujo run`, by `cujo report DIR` and by `cujo merge`. Each file is written atomically.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/run_result.h"

namespace artifacts {

// Writes junit.xml, report.html, metrics.prom and summary.md into `out_dir`. An output that fails
// does not stop the others; returns one line per failure.
std::vector<std::string> WriteOutputs(const std::string& out_dir,
                                      const orchestrator::RunResult& run);

// Pushes the run's metrics to the Pushgateway at `url`; returns the problem, or "" when pushed.
std::string PushRunMetrics(const std::string& url, const orchestrator::RunResult& run);

}  // namespace artifacts
