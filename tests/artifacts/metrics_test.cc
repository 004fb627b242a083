// metrics.prom from synthetic runs: promtool accepts it, the wdio_* series mean what MediaWiki's
// reporter means, labels are escaped, and a real Pushgateway receives it.
#include "artifacts/metrics.h"

#include <gtest/gtest.h>

#include "artifacts/pushgateway.h"
#include "cdp/temp_dir.h"
#include "journeys/atomic_file.h"
#include "tests/artifacts/sample_run.h"
#include "tests/artifacts/tools.h"

namespace {

using artifacts::RenderMetrics;

// The line of `text` that contains every one of `parts`, or "".
std::string LineWith(const std::string& text, const std::vector<std::string>& parts) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    bool all = true;
    for (const auto& part : parts) all = all && line.find(part) != std::string::npos;
    if (all) return line;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "";
}

TEST(Metrics, PromtoolAcceptsThem) {
  cdp::TempDir dir("cujo-metrics-test-");
  std::string path = dir.path() + "/metrics.prom";
  journeys::WriteFileAtomically(path, RenderMetrics(cujo_test::SampleRun()));
  auto result = cujo_test::CheckMetrics(path);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

// Each case: the parts that identify a line, and the whole line expected.
void ExpectLines(const std::string& text,
                 const std::vector<std::pair<std::vector<std::string>, std::string>>& cases) {
  for (const auto& [parts, line] : cases) EXPECT_EQ(LineWith(text, parts), line) << parts[0];
}

TEST(Metrics, WdioSeriesCountRoundsLikeMediaWikisReporter) {
  // edit-page: a retried failure that then passed: passed once, one retry, no failure.
  // traffic: two rounds, both passed in the end, one of them after a retry.
  ExpectLines(RenderMetrics(cujo_test::SampleRun()),
              {{{"wdio_test_passed{", "\"edit_page\""},
                "wdio_test_passed{project=\"cujo\",test=\"edit_page\"} 1"},
               {{"wdio_test_retries{", "\"edit_page\""},
                "wdio_test_retries{project=\"cujo\",test=\"edit_page\"} 1"},
               {{"wdio_test_failed{", "\"hostile\""},
                "wdio_test_failed{project=\"cujo\",test=\"hostile\"} 1"},
               {{"wdio_test_passed{", "\"traffic\""},
                "wdio_test_passed{project=\"cujo\",test=\"traffic\"} 2"},
               {{"wdio_test_skipped{", "\"not_run\""},
                "wdio_test_skipped{project=\"cujo\",test=\"not_run\"} 1"},
               {{"wdio_test_duration_max_seconds{", "\"edit_page\""},
                "wdio_test_duration_max_seconds{project=\"cujo\",test=\"edit_page\"} 1.5"},
               {{"wdio_project_tests{"}, "wdio_project_tests{project=\"cujo\"} 6"},
               {{"wdio_project_retries{"}, "wdio_project_retries{project=\"cujo\"} 2"}});
}

TEST(Metrics, CujoSeriesCarryStepsClassesAndTheVerdict) {
  std::string text = RenderMetrics(cujo_test::SampleRun());
  ExpectLines(text,
              {{{"cujo_run_verdict{", "ROLLBACK"}, "cujo_run_verdict{verdict=\"ROLLBACK\"} 1"},
               {{"cujo_failures_total{", "infra"}, "cujo_failures_total{class=\"infra\"} 1"},
               {{"cujo_journey_status{", "edit-page"},
                "cujo_journey_status{journey=\"edit-page\",status=\"flaky\"} 1"},
               {{"cujo_step_duration_seconds_count{", "\"traffic\"", "index=\"1\""},
                "cujo_step_duration_seconds_count{journey=\"traffic\",index=\"1\",step=\"goto "
                "/wiki/Main_Page\"} 3"}});
  EXPECT_NE(LineWith(text, {"cujo_journey_duration_seconds{", "view-article", "quantile=\"0.5\""}),
            "");
  EXPECT_NE(text.find("# TYPE cujo_failures_total counter"), std::string::npos);
}

TEST(Metrics, LabelValuesAreEscaped) {
  EXPECT_EQ(artifacts::EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(artifacts::EscapeLabelValue("\xff"), "\xEF\xBF\xBD");
  EXPECT_EQ(artifacts::WdioTestName("Edit Page--2.x_y"), "edit_page_2_x_y");
}

TEST(Pushgateway, PathsKeepShardsApart) {
  EXPECT_EQ(artifacts::PushgatewayPath("/", ""), "/metrics/job/cujo");
  EXPECT_EQ(artifacts::PushgatewayPath("", "2/3"), "/metrics/job/cujo/shard/2-of-3");
  EXPECT_EQ(artifacts::PushgatewayPath("/metrics/job/gate/instance/canary/", ""),
            "/metrics/job/gate/instance/canary");
}

TEST(Pushgateway, ARealGatewayReceivesTheMetrics) {
  cujo_test::Pushgateway gateway;
  artifacts::PushMetrics(gateway.url(), "1/3", RenderMetrics(cujo_test::SampleRun()));
  std::string served = gateway.Metrics();
  EXPECT_NE(LineWith(served, {"wdio_test_passed{", "job=\"cujo\"", "shard=\"1-of-3\"",
                              "test=\"view_article\"", "} 1"}),
            "")
      << served;
  EXPECT_NE(LineWith(served, {"cujo_run_verdict{", "verdict=\"ROLLBACK\"", "} 1"}), "");
}

TEST(Pushgateway, RefusalsAndUnreachableGatewaysAreClearErrors) {
  cujo_test::Pushgateway gateway;
  try {
    artifacts::PushMetrics(gateway.url(), "", "this is not the text format\n");
    FAIL() << "pushed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("answered HTTP 400"), std::string::npos) << e.what();
  }
  try {
    artifacts::PushMetrics("http://127.0.0.1:1", "", "x 1\n", std::chrono::seconds(5));
    FAIL() << "pushed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("connecting to 127.0.0.1:1"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(artifacts::PushMetrics("https://gw:9091", "", "x 1\n"), std::runtime_error);
}

}  // namespace
