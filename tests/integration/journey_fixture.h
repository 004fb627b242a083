// Shared set-up of tests that run journeys against the test wiki: one browser for the whole
// test binary, the wiki's address and credentials, and a way to run one attempt.
#pragma once

#include <memory>
#include <string>

#include "cdp/browser.h"
#include "cdp/page.h"
#include "cdp/temp_dir.h"
#include "journeys/catalog.h"
#include "journeys/executor.h"
#include "tests/support/wiki_env.h"

namespace cujo_test {

// The wiki the `wiki` fixture started; fails the calling test when it is missing.
const cujo::test::WikiEnv& Wiki();
// A browser shared by the tests of this binary, launched on first use.
cdp::Browser& SharedBrowser();
// The bundled journeys (journeys/mediawiki), loaded once; must be valid.
const journeys::Catalog& BundledCatalog();

// Runs `journey` (uses resolved by the caller) in a fresh context of the shared browser, with
// the wiki's credentials in ${env.*}/${secret.*} and artifacts under `artifacts_dir`.
// `base_url`: the wiki's own when empty; the fault proxy's (FaultProxyUrl()) puts it between.
journeys::AttemptResult RunAgainstWiki(const journeys::Journey& journey,
                                       const std::string& artifacts_dir,
                                       journeys::Milliseconds step_timeout,
                                       const std::string& base_url = "");

}  // namespace cujo_test
