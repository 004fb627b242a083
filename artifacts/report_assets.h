// The report's style sheet, kept as artifacts/report.css in the source tree (readable, lintable)
// and compiled in, so that report.html is one self-contained file.
#pragma once

namespace artifacts {

extern const char kReportCss[];

}  // namespace artifacts
