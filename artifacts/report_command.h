// `cujo report DIR` regenerates a run's outputs (junit.xml, report.html, metrics.prom) from
// DIR/results.json, e.g. after a cujo upgrade or when a run was killed before it concluded.
// `cujo merge DIR... --out OUT` merges shard outputs into one run with a verdict of its own.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace artifacts {

// 0 when every output was written, 3 when the results cannot be read or an output not written.
// A failed push (`pushgateway` non-empty) is a warning.
int RunReport(const std::string& dir, const std::string& pushgateway, std::ostream& out,
              std::ostream& err);

// The merged run's verdict (under the SLO policy `slo_file`, see MergeRuns) as an exit code (0
// promote, 1 rollback, 2 inconclusive), or 3 when the inputs cannot be merged.
int RunMerge(const std::vector<std::string>& dirs, const std::string& out_dir,
             const std::string& slo_file, const std::string& pushgateway, std::ostream& out,
             std::ostream& err);

}  // namespace artifacts
