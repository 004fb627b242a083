// junit.xml for CI systems (Jenkins' JUnit plugin, GitLab's test reports): one <testsuite> per
// tier, one <testcase> per attempt, because many consumers ignore flaky markers and a retried
// failure must stay visible. Product failures are <failure type=CLASS>, infrastructure and
// configuration failures <error type=CLASS> (the build is not what failed), journeys that never
// ran <skipped>. Valid against tests/artifacts/junit.xsd.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "orchestrator/run_result.h"

namespace artifacts {

using JUnitWriter = std::function<void(std::string_view)>;

// Hands the document to `write` piece by piece (a test case at a time): a long traffic run's
// junit.xml is tens of megabytes, and is never held whole. `artifact_root` prefixes the
// artifact paths quoted in failures and in the [[ATTACHMENT|path]] lines that GitLab and
// Jenkins' attachments plugin pick up (the run's output directory as CI sees it); empty leaves
// them relative to the output directory.
void WriteJUnit(const orchestrator::RunResult& run, const std::string& artifact_root,
                const JUnitWriter& write);

}  // namespace artifacts
