// metrics.prom: the run in the Prometheus text exposition format (0.0.4), for a Pushgateway and
// the dashboards behind it. Where the meaning matches, the names and labels are those of
// MediaWiki's WebdriverIO reporter (wdio_project_* and wdio_test_*{project,test}, every value a
// gauge: a push replaces the previous one), so existing dashboards show cujo's journeys next to
// the Selenium specs; everything else is cujo_*.
#pragma once

#include <string>

#include "orchestrator/run_result.h"

namespace artifacts {

// The `project` label of the wdio_* series.
constexpr const char* kMetricsProject = "cujo";

std::string RenderMetrics(const orchestrator::RunResult& run);

// A label value escaped for the exposition format (backslash, double quote, newline), valid
// UTF-8.
std::string EscapeLabelValue(const std::string& value);

// MediaWiki's reporter's test label: runs of non-word characters become "_", lower case.
std::string WdioTestName(const std::string& name);

}  // namespace artifacts
