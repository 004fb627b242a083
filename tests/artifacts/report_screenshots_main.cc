// report_screenshots REPORT.html OUT_DIR: pictures of a report as a QA engineer sees it, taken
// through cujo's own CDP client, for the README (docs/report-*.png): the top of the report
// (verdict, counts, journeys) and the first failed attempt (failure, outlined screenshot, steps).
#include <cstdio>
#include <exception>

#include "journeys/atomic_file.h"
#include "tests/artifacts/report_browser.h"

namespace {

// The page rectangle of the first failed attempt, at most `max_height` tall, scrolled into view.
constexpr char kFailureBox[] = R"(
  (() => {
    const attempt = document.querySelector('.failure').closest('details');
    attempt.scrollIntoView();
    const r = attempt.getBoundingClientRect();
    return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: Math.min(r.height, 1500)};
  })())";

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s REPORT.html OUT_DIR\n", argv[0]);
    return 2;
  }
  std::string out_dir = argv[2];
  try {
    cujo_test::ReportBrowser browser(1280, 1600);
    browser.Open(argv[1]);
    cdp::ScreenshotOptions top;
    top.clip = cdp::Rect{0, 0, 1280, 1000};
    journeys::WriteFileAtomically(out_dir + "/report-summary.png", browser.Screenshot(top));
    cdp::Json box = browser.Evaluate(kFailureBox);
    cdp::ScreenshotOptions failure;
    failure.clip = cdp::Rect{box.value("x", 0.0), box.value("y", 0.0), box.value("width", 0.0),
                             box.value("height", 0.0)};
    journeys::WriteFileAtomically(out_dir + "/report-failure.png", browser.Screenshot(failure));
    for (const auto& problem : browser.problems()) fprintf(stderr, "report: %s\n", problem.c_str());
    printf("wrote %s/report-summary.png and %s/report-failure.png\n", out_dir.c_str(),
           out_dir.c_str());
    return browser.problems().empty() && browser.dialogs() == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    fprintf(stderr, "report_screenshots: %s\n", e.what());
    return 1;
  }
}
