// `cujo run`: journeys in, verdict out. Returns the process exit code (0 promote, 1 rollback,
// 2 inconclusive, 3 usage or configuration error).
#pragma once

#include <ostream>

#include "orchestrator/run_options.h"

namespace orchestrator {

int RunCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace orchestrator
