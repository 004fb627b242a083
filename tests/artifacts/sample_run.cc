#include "tests/artifacts/sample_run.h"

#include <Magick++.h>

#include <filesystem>

#include "artifacts/verdict.h"
#include "journeys/atomic_file.h"

namespace cujo_test {

namespace {

using journeys::AttemptResult;
using journeys::Outcome;
using journeys::StepResult;

StepResult Step(const std::string& label, const std::string& kind, int line, double start,
                double duration, Outcome outcome) {
  StepResult step;
  step.label = label;
  step.kind = kind;
  step.location = {"journeys/sample.yaml", line, 5};
  step.start_ms = start;
  step.duration_ms = duration;
  step.outcome = outcome;
  return step;
}

AttemptResult Attempt(const std::string& journey, int number, Outcome outcome, double duration) {
  AttemptResult attempt;
  attempt.journey = journey;
  attempt.attempt = number;
  attempt.started_at = "2026-11-24T10:00:0" + std::to_string(number) + ".000Z";
  attempt.duration_ms = duration;
  attempt.outcome = outcome;
  attempt.browser = "browser-1";
  attempt.steps.push_back(
      Step("goto /wiki/Main_Page", "goto", 7, 0, duration / 2, Outcome::kPassed));
  attempt.navigations.push_back(
      {"http://wiki.test/wiki/Main_Page", 200, 5, 80, 300, 450, 400.0, 0.0, {}});
  return attempt;
}

journeys::StepError Error(const std::string& kind, const std::string& message) {
  return journeys::StepError{kind, message, "#firstHeading", "Edit page", "Main Page", ""};
}

orchestrator::JourneyRecord Record(const std::string& name, const std::string& tier) {
  orchestrator::JourneyRecord record;
  record.name = name;
  record.file = "journeys/" + name + ".yaml";
  record.tier = tier;
  record.description = "The " + name + " journey";
  return record;
}

AttemptResult FailedAttempt(const std::string& journey, const std::string& message) {
  AttemptResult attempt = Attempt(journey, 1, Outcome::kFailed, 1500);
  attempt.error = Error("assertion", message);
  StepResult failed =
      Step("expect #firstHeading text = Edit page", "expect", 9, 750, 700, Outcome::kFailed);
  failed.error = attempt.error;
  attempt.steps.push_back(failed);
  attempt.steps.push_back(Step("click #save", "click", 10, 0, 0, Outcome::kSkipped));
  attempt.failure.screenshot = "screenshots/" + journey + "-a1-failure.png";
  attempt.failure.dom = "dom/" + journey + "-a1-failure.html";
  attempt.failure.url = "http://wiki.test/wiki/Main_Page";
  attempt.failure.element = journeys::Box{100, 50, 300, 40};
  return attempt;
}

}  // namespace

orchestrator::RunResult SampleRun() {
  orchestrator::RunResult run;
  run.run.cujo_version = "0.1.0";
  run.run.chromium_version = "HeadlessChrome/156.0";
  run.run.base_url = "http://wiki.test";
  run.run.started_at = "2026-11-24T10:00:00Z";
  run.run.finished_at = "2026-11-24T10:00:30Z";
  run.run.duration_ms = 30000;
  run.run.hostname = "ci-runner";

  auto view = Record("view-article", "quick");
  view.attempts.push_back(Attempt("view-article", 1, Outcome::kPassed, 900));
  StepResult screenshot = Step("screenshot top", "screenshot", 12, 500, 80, Outcome::kPassed);
  screenshot.screenshot = "screenshots/view-article-a1-top.png";
  view.attempts.back().steps.push_back(screenshot);

  auto edit = Record("edit-page", "quick");
  edit.attempts.push_back(FailedAttempt("edit-page", "expect #firstHeading: text differs"));
  edit.attempts.push_back(Attempt("edit-page", 2, Outcome::kPassed, 1100));

  auto hostile = Record("hostile", "quick");
  hostile.description = kHostile;
  AttemptResult bad = FailedAttempt("hostile", std::string("title is ") + kHostile);
  bad.error->actual = kHostile;
  bad.failure.url = "javascript:alert(3)";
  bad.console.push_back({"error", kHostile, "javascript:alert(4)", 3, 10});
  bad.exceptions.push_back({std::string("TypeError: ") + kHostile, "http://wiki.test/x.js", 1, 20});
  bad.failed_requests.push_back(
      {std::string("http://wiki.test/load.php?") + kHostile, "GET", "Script", 503, "", 30});
  bad.requests_in_flight.push_back(
      {std::string("http://wiki.test/api.php?") + kHostile, "POST", "Fetch", 0, "", 40});
  hostile.attempts.push_back(bad);

  auto not_run = Record("not-run", "slow");
  not_run.not_run_reason = "target unreachable: connection refused";

  auto traffic = Record("traffic", "slow");
  traffic.attempts.push_back(Attempt("traffic", 1, Outcome::kPassed, 800));
  AttemptResult crashed = Attempt("traffic", 1, Outcome::kFailed, 300);
  crashed.error = journeys::StepError{"browser", "the browser crashed", "", "", "", ""};
  traffic.attempts.push_back(crashed);
  traffic.attempts.push_back(Attempt("traffic", 2, Outcome::kPassed, 850));

  run.journeys = {view, edit, hostile, not_run, traffic};
  run.summary = artifacts::Summarize(run).ToJson();
  return run;
}

orchestrator::RunResult SampleRunWithSlowJourney() {
  orchestrator::RunResult run = SampleRun();
  for (auto& journey : run.summary["journeys"]) {
    if (journey["name"] != "view-article") continue;
    journey["status"] = "slow";
    journey["failures"].push_back({{"class", "slow"},
                                   {"evidence", {"view-article: p50 0.9 s over the 0.5 s budget"}},
                                   {"fingerprint", "slow: view-article"}});
  }
  return run;
}

std::string TestPng(size_t width, size_t height, const std::string& color, size_t square, size_t x,
                    size_t y) {
  Magick::InitializeMagick(nullptr);
  Magick::Image image(Magick::Geometry(width, height), Magick::Color(color));
  if (square > 0) {
    image.draw({Magick::DrawableFillColor(Magick::Color("#000000")),
                Magick::DrawableRectangle(x, y, x + square - 1, y + square - 1)});
  }
  image.magick("PNG");
  Magick::Blob blob;
  image.write(&blob);
  return std::string(static_cast<const char*>(blob.data()), blob.length());
}

void WriteSampleArtifacts(const std::string& out_dir) {
  std::filesystem::create_directories(out_dir + "/screenshots");
  std::filesystem::create_directories(out_dir + "/dom");
  journeys::WriteFileAtomically(out_dir + "/screenshots/view-article-a1-top.png",
                                TestPng(1280, 900, "#3366cc"));
  for (const char* journey : {"edit-page", "hostile"}) {
    std::string stem = std::string(journey) + "-a1-failure";
    journeys::WriteFileAtomically(out_dir + "/screenshots/" + stem + ".png",
                                  TestPng(1280, 900, "#f0f0f0", 40, 120, 55));
    journeys::WriteFileAtomically(
        out_dir + "/dom/" + stem + ".html",
        std::string("<html><head><title>") + kHostile +
            "</title></head><body><script>alert(5)</script></body></html>");
  }
}

}  // namespace cujo_test
