// `expect` with `reload: true` against the real wiki, made deterministic by the fault proxy:
// only the first request for the article gets MediaWiki's error page (an `exception` fault
// with count=1), so the article shows only after a reload. The same expect without `reload`
// keeps looking at the error page and fails.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "journeys/parser.h"
#include "tests/integration/fault_proxy_client.h"
#include "tests/integration/journey_fixture.h"

namespace {

using cujo_test::FaultProxyUrl;
using cujo_test::FaultRules;
using journeys::Outcome;

const char kArticleFault[] = "mode=exception&count=1&path=Quillfeather_Heron";

journeys::Journey Parse(const std::string& expect_options) {
  std::string yaml =
      "name: reload\n"
      "steps:\n"
      "  - goto: {url: /wiki/Quillfeather_Heron, status: 500}\n"
      "  - expect: {selector: \"#firstHeading\", text: Quillfeather Heron" +
      expect_options + "}\n";
  auto parsed = journeys::ParseJourney(yaml, "reload.yaml");
  EXPECT_TRUE(parsed.journey.has_value()) << yaml;
  return parsed.journey.value_or(journeys::Journey{});
}

// The HTTP statuses of the article's documents, in the order they were loaded.
std::vector<int> ArticleStatuses(const journeys::AttemptResult& result) {
  std::vector<int> statuses;
  for (const auto& navigation : result.navigations) {
    if (navigation.url.find("Quillfeather_Heron") != std::string::npos) {
      statuses.push_back(navigation.status);
    }
  }
  return statuses;
}

TEST(ExpectReload, PassesWhenTheContentAppearsOnlyAfterAReload) {
  FaultRules faults({kArticleFault});
  cdp::TempDir artifacts("cujo-reload-test-");
  auto result = cujo_test::RunAgainstWiki(Parse(", reload: true"), artifacts.path(),
                                          std::chrono::seconds(10), FaultProxyUrl());
  EXPECT_EQ(result.outcome, Outcome::kPassed) << (result.error ? result.error->message : "");
  // The reload is a navigation like any other: the error page, then the article.
  EXPECT_EQ(ArticleStatuses(result), (std::vector<int>{500, 200}));
}

TEST(ExpectReload, WithoutReloadTheSameExpectFails) {
  FaultRules faults({kArticleFault});
  cdp::TempDir artifacts("cujo-reload-test-");
  auto result = cujo_test::RunAgainstWiki(Parse(", timeout: 2s"), artifacts.path(),
                                          std::chrono::seconds(10), FaultProxyUrl());
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, "assertion") << result.error->message;
  EXPECT_NE(result.error->actual.find("Internal error"), std::string::npos) << result.error->actual;
  EXPECT_EQ(ArticleStatuses(result), std::vector<int>{500});
}

// A reload that never gets an answer: the step still ends at its timeout, a timeout that
// names the reload.
TEST(ExpectReload, AReloadThatHangsEndsAtTheStepTimeout) {
  FaultRules faults({kArticleFault, "mode=stall&path=Quillfeather_Heron"});
  cdp::TempDir artifacts("cujo-reload-test-");
  auto result = cujo_test::RunAgainstWiki(Parse(", reload: true, timeout: 3s"), artifacts.path(),
                                          std::chrono::seconds(10), FaultProxyUrl());
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_EQ(result.steps.size(), 2u);
  EXPECT_LT(result.steps[1].duration_ms, 3000 + 1000);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, "timeout") << result.error->message;
  EXPECT_NE(result.error->message.find("the last reload: "), std::string::npos)
      << result.error->message;
}

}  // namespace
