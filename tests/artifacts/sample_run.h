// Synthetic runs for the artifacts unit tests: every outcome (passed, flaky, failed, infra,
// not run, traffic-mode rounds), text a hostile page could produce in every field that comes
// from a page, and real PNG files behind the artifact paths.
#pragma once

#include <string>

#include "orchestrator/run_result.h"

namespace cujo_test {

// Markup, quotes, an ampersand, a control character and a byte that is no UTF-8.
constexpr char kHostile[] = "<script>alert(1)</script>\"'&\x01\xff";

// Journeys, in order:
//   view-article  quick  passed; a screenshot step (screenshots/view-article-a1-top.png)
//   edit-page     quick  flaky: an assertion failure (screenshot, DOM, element box), then passed
//   hostile       quick  failed: kHostile in the message, console, exceptions, URLs, DOM
//   not-run       slow   never ran (target unreachable)
//   traffic       slow   two rounds: passed; a browser crash (infra), then passed
orchestrator::RunResult SampleRun();

// SampleRun() as judged by a policy with a duration budget that view-article exceeded: its
// status is `slow`, with one `slow` classification.
orchestrator::RunResult SampleRunWithSlowJourney();

// Writes the files SampleRun() refers to into `out_dir`.
void WriteSampleArtifacts(const std::string& out_dir);

// A PNG of `width` x `height` filled with `color` ("#rrggbb"), with a black `square` px square
// at (x, y) when `square` > 0.
std::string TestPng(size_t width, size_t height, const std::string& color, size_t square = 0,
                    size_t x = 0, size_t y = 0);

}  // namespace cujo_test
