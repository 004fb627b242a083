// Every output of real runs of the `cujo` binary against the test wiki: a few bundled journeys,
// a deliberately failing one and one whose page is titled <script>alert(1)</script> (fixtures/).
// Then: junit.xml against the schema, report.html in Chromium (renders, failure screenshots load,
// no JS error, nothing from the page runs), metrics.prom through promtool and into a Pushgateway,
// shards merged into the same journey set as one full run, visual baselines pass and fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "artifacts/results_file.h"
#include "artifacts/screenshots.h"
#include "cdp/temp_dir.h"
#include "journeys/atomic_file.h"
#include "tests/artifacts/report_browser.h"
#include "tests/artifacts/tools.h"
#include "tests/support/wiki_env.h"

namespace {

namespace fs = std::filesystem;

// A page of its own (no wiki needed) with a random number in #clock, screenshotted against
// baseline "card". TEXT and MASK are replaced per run.
constexpr char kVisualCard[] = R"(name: visual-card
tier: quick
steps:
  - goto: "data:text/html,<body style='margin:0;background:white'><h1 style='font:40px sans-serif'>TEXT</h1><p id=clock></p><script>document.getElementById('clock').textContent=Math.random()</script></body>"
  - screenshot: {name: card, baseline: card, MASK tolerance: 0}
)";

// A journey that passes in a moment, for what happens after the journeys.
constexpr char kQuickPass[] = R"(name: quick-pass
steps:
  - goto: "data:text/html,<h1>cujo</h1>"
  - expect: {selector: h1, text: cujo}
)";

const std::string kSelected = "^(view-article|mobile-view|broken-heading|script-title)$";

class ArtifactsWikiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto wiki = cujo::test::LoadWikiEnv();
    ASSERT_TRUE(wiki) << "the `wiki` ctest fixture is not running";
    wiki_ = *wiki;
  }

  std::string Out(const std::string& name) const { return dir_.path() + "/" + name; }

  // `cujo ARGS...` with the wiki's credentials; its exit code, output on failure.
  cujo_test::ToolResult Cujo(std::vector<std::string> args) {
    cujo_test::ToolOptions options;
    options.env = {{"CUJO_WIKI_USER", wiki_.user}, {"CUJO_WIKI_PASSWORD", wiki_.password}};
    options.timeout = std::chrono::seconds(180);
    return cujo_test::RunTool(CUJO_BINARY, args, options);
  }
  cujo_test::ToolResult Run(const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args = {
        "run", BUNDLED_JOURNEYS_DIR, FIXTURES_DIR, "--base-url", wiki_.url, "--out",
        out,   "--browsers",         "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Cujo(args);
  }

  cujo::test::WikiEnv wiki_;
  cdp::TempDir dir_{"cujo-artifacts-wiki-"};
};

TEST_F(ArtifactsWikiTest, ARealRunLeavesValidJUnitAnInertReportAndMetrics) {
  std::string out = Out("run");
  auto run = Run(out, {"--grep", kSelected});
  ASSERT_EQ(run.exit_code, 1) << run.output;  // two assertion failures: ROLLBACK
  EXPECT_NE(run.output.find("report: " + out + "/report.html"), std::string::npos) << run.output;

  // junit.xml: valid, one testcase per journey, the failures classified.
  std::string junit = out + "/junit.xml";
  auto valid = cujo_test::ValidateJUnit(junit);
  EXPECT_EQ(valid.exit_code, 0) << valid.output;
  EXPECT_EQ(cujo_test::XPath(junit, "count(//testcase)").output, "4");
  EXPECT_EQ(
      cujo_test::XPath(junit, "string(//testcase[@name='broken-heading']/failure/@type)").output,
      "assertion");
  EXPECT_NE(cujo_test::XPath(junit, "string(//testcase[@name='script-title']/failure)")
                .output.find("actual: title \"<script>alert(1)</script>\""),
            std::string::npos);

  // metrics.prom: promtool accepts it; `cujo report --pushgateway` delivers it.
  auto lint = cujo_test::CheckMetrics(out + "/metrics.prom");
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
  cujo_test::Pushgateway gateway;
  auto report = Cujo({"report", out, "--pushgateway", gateway.url()});
  EXPECT_EQ(report.exit_code, 0) << report.output;
  std::string served = gateway.Metrics();
  EXPECT_NE(
      served.find(
          "wdio_test_passed{instance=\"\",job=\"cujo\",project=\"cujo\",test=\"view_article\"} 1"),
      std::string::npos)
      << served;
  EXPECT_NE(served.find("cujo_run_verdict{instance=\"\",job=\"cujo\",verdict=\"ROLLBACK\"} 1"),
            std::string::npos);

  // report.html: small, renders every journey and the failure screenshots, stays inert.
  std::string html = out + "/report.html";
  EXPECT_LT(fs::file_size(html), 1024u * 1024);
  cujo_test::ReportBrowser browser;
  browser.Open(html);
  EXPECT_EQ(browser.Evaluate("document.querySelectorAll('section.journey').length"), 4);
  EXPECT_EQ(browser.Evaluate("[...document.querySelectorAll('.failure figure img')]"
                             ".filter(i => i.complete && i.naturalWidth > 0).length"),
            2);
  EXPECT_EQ(browser.Evaluate("[...document.querySelectorAll('.filmstrip img')]"
                             ".filter(i => i.naturalWidth > 0).length"),
            1);  // mobile-view's screenshot step
  EXPECT_EQ(browser.Evaluate("document.body.innerText.includes('<script>alert(1)</script>') && "
                             "document.body.innerText.includes('<img src=x onerror=alert(2)>')"),
            true);
  EXPECT_EQ(browser.Evaluate("document.querySelectorAll('script, [onerror], iframe').length"), 0);
  auto png = browser.Screenshot({true, std::nullopt});
  journeys::WriteFileAtomically(out + "/report-screenshot.png", png);
  auto size = artifacts::PngSize(png);
  ASSERT_TRUE(size);
  EXPECT_GT(size->height, 900u);
  EXPECT_EQ(browser.dialogs(), 0);
  EXPECT_TRUE(browser.problems().empty()) << browser.problems().front();
}

TEST_F(ArtifactsWikiTest, RunPushesItsMetricsAndAFailedPushOnlyWarns) {
  std::string journeys = Out("quick-pass");
  fs::create_directories(journeys);
  journeys::WriteFileAtomically(journeys + "/quick-pass.yaml", kQuickPass);
  auto run = [&](const std::string& gateway) {
    return Cujo({"run", journeys, "--base-url", wiki_.url, "--out", Out("pushed"), "--pushgateway",
                 gateway});
  };
  cujo_test::Pushgateway gateway;
  auto pushed = run(gateway.url());
  EXPECT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_NE(gateway.Metrics().find("wdio_test_passed{instance=\"\",job=\"cujo\",project=\"cujo\","
                                   "test=\"quick_pass\"} 1"),
            std::string::npos);
  // Nothing listens on port 1: the verdict stands, the push failure is said.
  auto unpushed = run("http://127.0.0.1:1");
  EXPECT_EQ(unpushed.exit_code, 0) << unpushed.output;
  EXPECT_NE(unpushed.output.find("warning: metrics not pushed: connecting to 127.0.0.1:1"),
            std::string::npos)
      << unpushed.output;
}

std::set<std::string> JourneyNames(const std::string& out) {
  std::set<std::string> names;
  for (const auto& record : artifacts::ReadResults(out).journeys) names.insert(record.name);
  return names;
}

TEST_F(ArtifactsWikiTest, ThreeShardsMergeIntoTheJourneySetOfOneFullRun) {
  std::vector<std::string> shards;
  for (int k = 1; k <= 3; ++k) {
    shards.push_back(Out("shard" + std::to_string(k)));
    auto shard = Run(shards.back(), {"--tier", "quick", "--shard", std::to_string(k) + "/3"});
    ASSERT_TRUE(shard.exit_code == 0 || shard.exit_code == 1) << shard.output;
  }
  auto full = Run(Out("full"), {"--tier", "quick"});
  ASSERT_EQ(full.exit_code, 1) << full.output;  // broken-heading and script-title fail

  std::vector<std::string> args = {"merge"};
  args.insert(args.end(), shards.begin(), shards.end());
  args.insert(args.end(), {"--out", Out("merged")});
  auto merge = Cujo(args);
  EXPECT_EQ(merge.exit_code, full.exit_code) << merge.output;
  EXPECT_EQ(JourneyNames(Out("merged")), JourneyNames(Out("full")));
  EXPECT_EQ(JourneyNames(Out("merged")).size(), 8u);  // 6 bundled quick journeys + 2 fixtures

  auto merged = artifacts::ReadResults(Out("merged"));
  int failure_screenshots = 0;
  for (const auto& record : merged.journeys) {
    for (const auto& attempt : record.attempts) {
      if (attempt.failure.screenshot.empty()) continue;
      ++failure_screenshots;
      EXPECT_TRUE(fs::exists(Out("merged") + "/" + attempt.failure.screenshot))
          << attempt.failure.screenshot;
    }
  }
  EXPECT_EQ(failure_screenshots, 2);
  EXPECT_EQ(cujo_test::ValidateJUnit(Out("merged") + "/junit.xml").exit_code, 0);
  EXPECT_TRUE(fs::exists(Out("merged") + "/report.html"));
}

TEST_F(ArtifactsWikiTest, BaselinesPassForTheSamePageAndFailWithADiffWhenItChanged) {
  std::string journeys = Out("visual");
  int runs = 0;
  // Runs visual-card showing `text`, its #clock masked or not, against the baselines in `dir`.
  auto run = [&](const std::string& text, bool mask, const std::string& baselines,
                 std::vector<std::string> extra) {
    std::string yaml = kVisualCard;
    yaml.replace(yaml.find("TEXT"), 4, text);
    yaml.replace(yaml.find("MASK "), 5, mask ? "mask: [\"#clock\"], " : "");
    fs::create_directories(journeys);
    journeys::WriteFileAtomically(journeys + "/visual-card.yaml", yaml);
    std::string out = Out("visual-" + std::to_string(++runs));
    std::vector<std::string> args = {"run",   journeys, "--base-url",  wiki_.url,
                                     "--out", out,      "--baselines", baselines};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_pair(Cujo(args), out);
  };

  std::string baselines = Out("baselines");
  auto [update, update_out] = run("Hello", true, baselines, {"--update-baselines"});
  EXPECT_EQ(update.exit_code, 0) << update.output;
  EXPECT_NE(update.output.find("baseline written: " + baselines + "/card.png"), std::string::npos);
  ASSERT_TRUE(fs::exists(baselines + "/card.png"));

  // Same page, the random number masked: identical to the pixel.
  auto [same, same_out] = run("Hello", true, baselines, {});
  EXPECT_EQ(same.exit_code, 0) << same.output;
  // Without a mask the random number alone fails a zero tolerance: the mask is what passed.
  std::string unmasked_baselines = Out("unmasked-baselines");
  auto [unmasked_update, unmasked_update_out] =
      run("Hello", false, unmasked_baselines, {"--update-baselines"});
  EXPECT_EQ(unmasked_update.exit_code, 0) << unmasked_update.output;
  auto [unmasked, unmasked_out] = run("Hello", false, unmasked_baselines, {});
  EXPECT_EQ(unmasked.exit_code, 1) << unmasked.output;

  auto [changed, changed_out] = run("Goodbye", true, baselines, {});
  EXPECT_EQ(changed.exit_code, 1) << changed.output;
  auto result = artifacts::ReadResults(changed_out);
  const auto& step = result.journeys.at(0).attempts.at(0).steps.at(1);
  ASSERT_TRUE(step.error);
  EXPECT_EQ(step.error->failed_check, "visual");
  EXPECT_TRUE(fs::exists(changed_out + "/diffs/visual-card-a1-card.png"));
  EXPECT_TRUE(fs::exists(changed_out + "/diffs/visual-card-a1-card-baseline.png"));
  std::ifstream report(changed_out + "/report.html");
  std::string html((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("Visual difference: screenshot card"), std::string::npos);
}

}  // namespace
