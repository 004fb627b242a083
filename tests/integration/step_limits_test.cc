// Where a step must end, against the real wiki: a click whose navigation fails at the network
// level (through the fault proxy) fails with the network error, and a renderer too busy to take
// input holds a step no longer than its timeout.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "journeys/parser.h"
#include "tests/integration/fault_proxy_client.h"
#include "tests/integration/journey_fixture.h"

namespace {

using cujo_test::FaultProxyUrl;
using cujo_test::FaultRules;

journeys::Journey Parse(const std::string& yaml) {
  auto parsed = journeys::ParseJourney(yaml, "limits.yaml");
  EXPECT_TRUE(parsed.journey.has_value()) << yaml;
  return parsed.journey.value_or(journeys::Journey{});
}

// Chromium commits its own error page, which loads like any page: the step must fail with the
// network error, as a `goto` does, not pass and leave the steps after it looking at the error
// page with the previous page's HTTP status.
TEST(StepLimits, AClickThatEndsOnChromiumsErrorPageFailsWithTheNetError) {
  FaultRules faults({"mode=reset&path=search="});
  cdp::TempDir artifacts("cujo-step-limits-test-");
  auto result =
      cujo_test::RunAgainstWiki(Parse(R"(name: search-reset
steps:
  - goto: /wiki/Main_Page
  - fill: {selector: "#searchInput", text: Saltmere Tern}
  - click: "#searchButton"
  - expect: {status: 200}
)"),
                                artifacts.path(), std::chrono::seconds(10), FaultProxyUrl());
  ASSERT_EQ(result.outcome, journeys::Outcome::kFailed);
  ASSERT_EQ(result.steps.size(), 4u);
  EXPECT_EQ(result.steps[2].outcome, journeys::Outcome::kFailed);
  EXPECT_EQ(result.steps[3].outcome, journeys::Outcome::kSkipped);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, "navigation") << result.error->message;
  EXPECT_NE(result.error->message.find("search=Saltmere"), std::string::npos)
      << result.error->message;
  EXPECT_NE(result.error->message.find("failed: net::ERR_"), std::string::npos)
      << result.error->message;
}

// Each key press waits for the renderer to take it; one busy for 3 s a key held `press` for 9 s
// past its 1 s timeout.
TEST(StepLimits, KeysARendererIsTooBusyToTakeEndTheStepAtItsTimeout) {
  cdp::TempDir artifacts("cujo-step-limits-test-");
  auto result = cujo_test::RunAgainstWiki(Parse(R"(name: busy-keys
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      document.addEventListener('keydown', () => { const end = Date.now() + 3000;
      while (Date.now() < end) {} }) || true
  - press: {keys: "a b c", selector: "#searchInput"}
)"),
                                          artifacts.path(), std::chrono::seconds(1));
  ASSERT_EQ(result.outcome, journeys::Outcome::kFailed);
  ASSERT_EQ(result.steps.size(), 3u);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, "timeout") << result.error->message;
  // The timeout, the last poll's allowance (200 ms) and some slack; not three busy keys.
  EXPECT_LT(result.steps[2].duration_ms, 3000) << result.error->message;
}

}  // namespace
