// junit.xml from synthetic runs: valid against the schema (xmllint), one testcase per attempt,
// classes as failure/error types, hostile text escaped.
#include "artifacts/junit.h"

#include <gtest/gtest.h>

#include "cdp/temp_dir.h"
#include "journeys/atomic_file.h"
#include "tests/artifacts/sample_run.h"
#include "tests/artifacts/tools.h"

namespace {

std::string RenderJUnit(const orchestrator::RunResult& run, const std::string& root = "") {
  std::string xml;
  artifacts::WriteJUnit(run, root, [&xml](std::string_view text) { xml += text; });
  return xml;
}

class JUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    xml_ = RenderJUnit(cujo_test::SampleRun(), "cujo-results/run");
    journeys::WriteFileAtomically(path_, xml_);
  }
  std::string XPath(const std::string& expression) {
    auto result = cujo_test::XPath(path_, expression);
    EXPECT_EQ(result.exit_code, 0) << expression << ": " << result.output;
    return result.output;
  }
  void ExpectXPaths(const std::vector<std::pair<std::string, std::string>>& cases) {
    for (const auto& [expression, expected] : cases) EXPECT_EQ(XPath(expression), expected);
  }
  // The counts are made before the test cases are written: they must match what was written.
  void ExpectCountsMatchTheTestCases() {
    ExpectXPaths({{"count(//testsuite[count(testcase) != @tests])", "0"},
                  {"count(//testsuite[count(testcase/failure) != @failures])", "0"},
                  {"count(//testsuite[count(testcase/error) != @errors])", "0"},
                  {"count(//testsuite[count(testcase/skipped) != @skipped])", "0"},
                  {"string(sum(//testsuite/@tests) = /testsuites/@tests)", "true"}});
  }

  cdp::TempDir dir_{"cujo-junit-test-"};
  std::string path_ = dir_.path() + "/junit.xml";
  std::string xml_;
};

TEST_F(JUnitTest, IsValidAgainstTheJUnitSchema) {
  auto result = cujo_test::ValidateJUnit(path_);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n" << xml_;
}

TEST_F(JUnitTest, OneSuitePerTierAndOneTestcasePerAttempt) {
  // view-article 1, edit-page 2, hostile 1, not-run 1 (skipped), traffic 3.
  ExpectXPaths({{"count(//testsuite)", "2"},
                {"string(//testsuite[1]/@name)", "cujo.quick"},
                {"count(//testcase)", "8"},
                {"string(/testsuites/@tests)", "8"},
                {"string(/testsuites/@failures)", "2"},
                {"string(/testsuites/@errors)", "1"},
                {"string(/testsuites/@skipped)", "1"}});
  ExpectCountsMatchTheTestCases();
}

TEST_F(JUnitTest, RetriesAndTrafficRoundsAreSeparateTestcases) {
  ExpectXPaths({{"count(//testcase[@name='edit-page'])", "1"},
                {"count(//testcase[@name='edit-page (retry 1)'])", "1"},
                {"count(//testcase[@name='edit-page']/failure)", "1"},
                {"count(//testcase[@name='edit-page (retry 1)']/failure)", "0"},
                {"count(//testcase[@name='traffic (run 2)']/error)", "1"},
                {"count(//testcase[@name='traffic (run 2, retry 1)'])", "1"}});
}

TEST_F(JUnitTest, FailuresCarryClassStepScreenshotAndTimings) {
  ExpectXPaths({{"string(//testcase[@name='edit-page']/failure/@type)", "assertion"},
                {"string(//testcase[@name='traffic (run 2)']/error/@type)", "infra"},
                {"string(//testcase[@name='edit-page']/@classname)", "cujo.quick.edit-page"},
                {"string(//testcase[@name='edit-page']/@time)", "1.500"}});
  std::string body = XPath("string(//testcase[@name='edit-page']/failure)");
  EXPECT_NE(body.find("step: expect #firstHeading text = Edit page (journeys/sample.yaml:9:5)"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("screenshot: cujo-results/run/screenshots/edit-page-a1-failure.png"),
            std::string::npos);
  EXPECT_NE(body.find("expected: Edit page"), std::string::npos);
  EXPECT_EQ(XPath("string(//testcase[@name='edit-page']/system-out)"),
            "[[ATTACHMENT|cujo-results/run/screenshots/edit-page-a1-failure.png]]\n");
  EXPECT_NE(XPath("string(//testcase[@name='view-article']/properties/property[4]/@name)")
                .find("step 1: goto /wiki/Main_Page"),
            std::string::npos);
  EXPECT_EQ(XPath("string(//testcase[@name='not-run']/skipped/@message)"),
            "target unreachable: connection refused");
}

TEST_F(JUnitTest, ASlowJourneyGetsAFailedBudgetsTestcase) {
  xml_ = RenderJUnit(cujo_test::SampleRunWithSlowJourney());
  journeys::WriteFileAtomically(path_, xml_);
  EXPECT_EQ(cujo_test::ValidateJUnit(path_).exit_code, 0) << xml_;
  ExpectXPaths({{"count(//testcase[@name='view-article']/failure)", "0"},
                {"string(//testcase[@name='view-article (budgets)']/failure/@type)", "slow"},
                {"string(//testcase[@name='view-article (budgets)']/failure)",
                 "view-article: p50 0.9 s over the 0.5 s budget\n"},
                {"string(/testsuites/@failures)", "3"}});
  ExpectCountsMatchTheTestCases();
}

TEST_F(JUnitTest, HostileTextIsEscapedAndStrippedOfWhatXmlForbids) {
  EXPECT_EQ(xml_.find("<script>"), std::string::npos);
  EXPECT_NE(xml_.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(xml_.find('\x01'), std::string::npos);
  std::string out = XPath("string(//testcase[@name='hostile']/system-out)");
  EXPECT_NE(out.find("console error (javascript:alert(4):3): <script>alert(1)</script>"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("failed request: GET http://wiki.test/load.php?"), std::string::npos);
  EXPECT_NE(out.find("in flight at the failure: POST http://wiki.test/api.php?<script>"),
            std::string::npos)
      << out;
}

}  // namespace
