// report.html: the one file a QA engineer opens. Self-contained (inline CSS, images as data:
// URIs), readable offline, no scripts at all (its Content-Security-Policy forbids them), and
// everything taken from a page or a journey file HTML-escaped. Heavy assets only for failures:
// the failure screenshot with the failing element outlined, visual diffs, the DOM; passing
// attempts get small thumbnails of their screenshot steps.
#pragma once

#include <string>

#include "orchestrator/run_result.h"

namespace artifacts {

// `out_dir`: where the run's artifacts are (results.json's directory); links are relative to it.
std::string RenderHtmlReport(const orchestrator::RunResult& run, const std::string& out_dir);

}  // namespace artifacts
