// report.html from a synthetic run full of hostile text: self-contained, escaped everywhere,
// inert in a real browser, and small.
#include "artifacts/html_report.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cdp/temp_dir.h"
#include "journeys/atomic_file.h"
#include "tests/artifacts/report_browser.h"
#include "tests/artifacts/sample_run.h"

namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

class HtmlReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cujo_test::WriteSampleArtifacts(dir_.path());
    html_ = artifacts::RenderHtmlReport(cujo_test::SampleRun(), dir_.path());
    journeys::WriteFileAtomically(path_, html_);
  }
  cdp::TempDir dir_{"cujo-html-test-"};
  std::string path_ = dir_.path() + "/report.html";
  std::string html_;
};

TEST_F(HtmlReportTest, NothingFromAPageBecomesMarkup) {
  std::string lower = Lower(html_);
  EXPECT_EQ(lower.find("<script"), std::string::npos);
  EXPECT_EQ(lower.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(lower.find("src=\"javascript"), std::string::npos);
  EXPECT_NE(html_.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), std::string::npos);
  EXPECT_EQ(html_.find('\x01'), std::string::npos);
  // The failure URL was javascript:alert(3): shown as text, linked nowhere.
  EXPECT_NE(html_.find("<a href=\"#\" rel=\"noreferrer\">javascript:alert(3)</a>"),
            std::string::npos);
  // No script may run at all, whatever escaping might miss.
  EXPECT_NE(html_.find("Content-Security-Policy\" content=\"default-src 'none'"),
            std::string::npos);
}

TEST_F(HtmlReportTest, IsSelfContainedWithFailureImagesInline) {
  // Every src is a data: URI (no file is needed to render), links point at the artifacts.
  // A plain scan: std::regex recurses once per character and a data: URI is tens of KB.
  int images = 0;
  const std::string src = "src=\"";
  for (size_t at = html_.find(src); at != std::string::npos; at = html_.find(src, at + 1)) {
    EXPECT_EQ(html_.compare(at + src.size(), 23, "data:image/jpeg;base64,"), 0);
    ++images;
  }
  // Failure screenshots of edit-page and hostile, the screenshot step of view-article.
  EXPECT_EQ(images, 3);
  EXPECT_NE(html_.find("<a href=\"screenshots/edit-page-a1-failure.png\"><img"), std::string::npos);
  EXPECT_NE(html_.find("href=\"dom/edit-page-a1-failure.html\""), std::string::npos);
  EXPECT_LT(html_.size(), 400u * 1024);
}

TEST_F(HtmlReportTest, ShowsVerdictJourneysAttemptsAndSteps) {
  EXPECT_NE(html_.find("<span class=\"verdict v-ROLLBACK\">ROLLBACK</span>"), std::string::npos);
  for (const char* id : {"j-view-article", "j-edit-page", "j-hostile", "j-not-run", "j-traffic"}) {
    EXPECT_NE(html_.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(html_.find("edit-page (retry 1)"), std::string::npos);
  EXPECT_NE(html_.find("traffic (run 2, retry 1)"), std::string::npos);
  EXPECT_NE(
      html_.find("expect #firstHeading text = Edit page<span class=\"loc\">sample.yaml:9</span>"),
      std::string::npos);
  EXPECT_NE(html_.find("style=\"left:50.00%;width:46.67%\""),
            std::string::npos);  // 750+700 of 1500
  EXPECT_NE(html_.find("Not run: target unreachable: connection refused."), std::string::npos);
}

// A long traffic run shows the failures wherever they are in it, not only among its first
// attempts.
TEST_F(HtmlReportTest, ALongRunShowsItsLateFailures) {
  orchestrator::RunResult run = cujo_test::SampleRun();
  orchestrator::JourneyRecord& traffic = run.journeys.back();
  ASSERT_EQ(traffic.name, "traffic");
  journeys::AttemptResult passed = traffic.attempts[0], failed = traffic.attempts[1];
  traffic.attempts.clear();
  for (int round = 1; round <= 30; ++round) {
    journeys::AttemptResult attempt = round == 20 ? failed : passed;
    attempt.round = round;
    traffic.attempts.push_back(attempt);
  }
  std::string html = artifacts::RenderHtmlReport(run, dir_.path());
  EXPECT_NE(html.find("traffic (run 20)"), std::string::npos);
  EXPECT_NE(html.find("traffic (run 30)"), std::string::npos);
  EXPECT_EQ(html.find("traffic (run 19)"), std::string::npos);
  EXPECT_NE(html.find("28 more attempts are in results.json."), std::string::npos);
}

TEST_F(HtmlReportTest, ASlowJourneyShowsTheBudgetsItExceeded) {
  std::string html =
      artifacts::RenderHtmlReport(cujo_test::SampleRunWithSlowJourney(), dir_.path());
  size_t section = html.find("id=\"j-view-article\"");
  size_t budgets = html.find("Duration budgets exceeded");
  EXPECT_LT(section, budgets);
  EXPECT_LT(budgets, html.find("id=\"j-edit-page\""));
  EXPECT_NE(html.find("<li>view-article: p50 0.9 s over the 0.5 s budget</li>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"s-slow\">"), std::string::npos);
}

TEST_F(HtmlReportTest, AFailedAttemptListsTheRequestsStillInFlight) {
  size_t table = html_.find("<h3>Requests in flight at the failure</h3>");
  ASSERT_NE(table, std::string::npos);
  EXPECT_NE(html_.find("<td>POST</td><td>Fetch</td><td class=\"wrap\">"
                       "http://wiki.test/api.php?&lt;script&gt;",
                       table),
            std::string::npos);
}

TEST_F(HtmlReportTest, AgainstABaselineRunFailuresAreLabelledNewOrKnown) {
  orchestrator::RunResult run = cujo_test::SampleRun();
  for (auto& journey : run.summary["journeys"]) {
    if (journey["name"] == "hostile") journey["baseline"] = "new";
  }
  std::string html = artifacts::RenderHtmlReport(run, dir_.path());
  size_t row = html.find("<a href=\"#j-hostile\">hostile</a>");
  EXPECT_NE(html.find("<span class=\"badge b-new\">new</span>", row), std::string::npos);
}

TEST_F(HtmlReportTest, RendersInChromiumWithoutErrorsDialogsOrHostileMarkup) {
  cujo_test::ReportBrowser browser;
  browser.Open(path_);
  EXPECT_EQ(browser.Evaluate("document.querySelectorAll('section.journey').length"), 5);
  EXPECT_EQ(browser.Evaluate("[...document.images].filter(i => i.naturalWidth > 0).length"), 3);
  EXPECT_EQ(browser.Evaluate("document.querySelectorAll('script, [onerror], iframe').length"), 0);
  EXPECT_EQ(browser.Evaluate("document.body.innerText.includes('<script>alert(1)</script>')"),
            true);
  EXPECT_EQ(browser.dialogs(), 0);
  EXPECT_TRUE(browser.problems().empty()) << browser.problems().front();
}

}  // namespace
