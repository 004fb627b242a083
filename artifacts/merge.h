// `cujo merge`: the shards of one run (cujo run --shard K/N, often on several machines) become
// one run, as if it had run at once: journeys concatenated, metadata combined, each shard's
// artifacts copied under OUT/<shard>/ with the paths in the results rewritten so that every link
// of the merged report works, and a verdict over the whole.
#pragma once

#include <string>
#include <vector>

#include "orchestrator/run_result.h"

namespace artifacts {

// Reads DIR/results.json of each of `dirs`, copies their artifacts into `out_dir` and returns
// the merged run, judged under the SLO policy `slo_file` (empty: the one the shards were judged
// under; an error if they differ). A shard killed before it concluded is taken as
// `cujo report` takes it: its journal's attempts, and interrupted (the lines of its journal left
// out go to `left_out`, if given). Throws std::runtime_error naming the problem: an unreadable
// input, `out_dir` among the inputs, a journey present in two inputs, a bad policy, shards
// judged under different policies without `slo_file`.
orchestrator::RunResult MergeRuns(const std::vector<std::string>& dirs, const std::string& out_dir,
                                  const std::string& slo_file = "",
                                  std::vector<std::string>* left_out = nullptr);

}  // namespace artifacts
