// junit.xml for CI systems (Jenkins' JUnit plugin, GitLab's test reports): one <testsuite> per
// tier, one <testcase> per attempt, because many consumers ignore flaky markers and a retried
// failure must stay visible. Product failures are <failure type=CLASS>, infrastructure and
// configuration failures <error type=CLASS> (the build is not what failed), journeys that never
// ran <skipped>. Valid against tests/artifacts/junit.xsd.
#pragma once

#include <string>

#include "orchestrator/run_result.h"

namespace artifacts {

// `artifact_root` prefixes the artifact paths quoted in failures and in the
// [[ATTACHMENT|path]] lines that GitLab and Jenkins' attachments plugin pick up (the run's
// output directory as CI sees it); empty leaves them relative to the output directory.
std::string RenderJUnit(const orchestrator::RunResult& run, const std::string& artifact_root = "");

}  // namespace artifacts
