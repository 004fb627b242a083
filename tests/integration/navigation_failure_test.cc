// A click whose navigation fails at the network level, against the real wiki behind the fault
// proxy: Chromium then shows its own error page, which commits and loads like any page. The
// step must fail with the network error (as a `goto` does), not pass and leave the steps after
// it looking at Chromium's error page with the previous page's HTTP status.
#include <gtest/gtest.h>

#include <string>

#include "journeys/parser.h"
#include "tests/integration/fault_proxy_client.h"
#include "tests/integration/journey_fixture.h"

namespace {

using cujo_test::FaultProxyUrl;
using cujo_test::FaultRules;

TEST(NavigationFailure, AClickThatEndsOnChromiumsErrorPageFailsWithTheNetError) {
  auto parsed = journeys::ParseJourney(R"(name: search-reset
steps:
  - goto: /wiki/Main_Page
  - fill: {selector: "#searchInput", text: Saltmere Tern}
  - click: "#searchButton"
  - expect: {status: 200}
)",
                                       "search-reset.yaml");
  ASSERT_TRUE(parsed.journey.has_value());
  FaultRules faults({"mode=reset&path=search="});
  cdp::TempDir artifacts("cujo-navigation-failure-test-");
  auto result = cujo_test::RunAgainstWiki(*parsed.journey, artifacts.path(),
                                          std::chrono::seconds(10), FaultProxyUrl());
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

}  // namespace
