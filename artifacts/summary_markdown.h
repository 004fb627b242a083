// summary.md: the verdict in a form to paste into a Phabricator task or a chat: the verdict and
// its reasons, new failures first, failures grouped by cause, links to the failure screenshots
// (relative to the run directory, where the file lives).
#pragma once

#include <string>

#include "orchestrator/run_result.h"

namespace artifacts {

std::string RenderSummaryMarkdown(const orchestrator::RunResult& run);

}  // namespace artifacts
