// One attempt in report.html: why it failed (class and evidence, the failing step with its
// file:line, expected vs actual, the screenshot with the element outlined, the DOM), visual
// diffs, the steps as a waterfall, a filmstrip of its screenshot steps, and what the page
// reported (console, exceptions, failed requests, requests in flight at the failure,
// navigations). Everything escaped.
#pragma once

#include <string>

#include "artifacts/attempts.h"

namespace artifacts {

// A <details> element, open when `open`. `out_dir` is where the artifacts are read from.
std::string RenderAttemptHtml(const AttemptView& view, const std::string& out_dir, bool open);

// "850 ms", "12.3 s".
std::string HumanDuration(double ms);

}  // namespace artifacts
