// results.json: the single source every other output is generated from. Written atomically
// (temporary file, then rename), so a reader, or a run killed mid-write, never sees half of it.
#pragma once

#include <string>

#include "orchestrator/run_result.h"

namespace artifacts {

// Throw std::runtime_error naming the path and the cause.
void WriteResults(const std::string& out_dir, const orchestrator::RunResult& run);
orchestrator::RunResult ReadResults(const std::string& out_dir);

}  // namespace artifacts
