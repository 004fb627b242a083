#include "journeys/executor.h"

#include <spdlog/spdlog.h>
#include <time.h>

#include <optional>

#include "journeys/page_driver.h"
#include "journeys/page_recorder.h"
#include "journeys/page_setup.h"
#include "journeys/step_failure.h"

namespace journeys {

namespace {

using Clock = std::chrono::steady_clock;

std::string IsoNow() {
  auto now = std::chrono::system_clock::now();
  time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[48];
  snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(millis.count()));
  return out;
}

std::string ResolveUrl(const std::string& base_url, const std::string& target) {
  for (const char* scheme : {"http://", "https://", "data:", "about:", "file:"}) {
    if (target.rfind(scheme, 0) == 0) return target;
  }
  return base_url + (target.empty() || target[0] != '/' ? "/" : "") + target;
}

std::string ErrorKindOf(const cdp::Error& e) {
  switch (e.kind()) {
    case cdp::ErrorKind::kTimeout:
      return "timeout";
    case cdp::ErrorKind::kNavigation:
      return "navigation";
    case cdp::ErrorKind::kEvaluation:
      return "evaluation";
    case cdp::ErrorKind::kPageCrashed:
      return "crash";  // the renderer crashed running the page: users of the build see it too
    default:
      return "browser";  // disconnected, renderer killed, protocol trouble: not the product's doing
  }
}

void ExpandMatch(std::optional<TextMatch>& match, Variables& vars) {
  if (match) match->expected = vars.Expand(match->expected);
}

// The step with every ${...} expanded. Labels stay as written: they must not carry secrets.
Step Expand(const Step& step, Variables& vars) {
  Step out = step;
  out.selector = vars.Expand(step.selector);
  out.argument = vars.Expand(step.argument);
  out.url_pattern = vars.Expand(step.url_pattern);
  ExpandMatch(out.expect.text, vars);
  ExpandMatch(out.expect.attribute_value, vars);
  ExpandMatch(out.expect.title, vars);
  ExpandMatch(out.expect.url, vars);
  for (std::string& selector : out.screenshot.mask) selector = vars.Expand(selector);
  return out;
}

class AttemptRunner {
 public:
  AttemptRunner(cdp::Page& page, cdp::IsolatedWorld& world, const Journey& journey,
                const AttemptOptions& options, AttemptResult& result)
      : page_(page),
        world_(world),
        journey_(journey),
        options_(options),
        result_(result),
        epoch_(Clock::now()),
        deadline_(epoch_ + journey.timeout.value_or(options.journey_timeout)),
        vars_(BaseUrl(options.base_url), journey.vars, options.unique, options.env) {}

  void Run() {
    try {
      recorder_.emplace(page_, epoch_);
      PrepareForJourney();
    } catch (const cdp::Error& e) {
      std::string message = std::string("preparing the page: ") + e.what();
      if (e.kind() == cdp::ErrorKind::kTimeout) {
        if (auto gone = page_.connection().CheckAnswering("preparing the page timed out")) {
          message += "; " + std::string(gone->what());
        }
      }
      Fail(StepError{"browser", message, "", "", "", ""});
    }
    if (options_.on_page_ready) options_.on_page_ready();
    if (recorder_) {
      PageDriver driver(page_, world_, *recorder_);
      driver_ = &driver;
      RunSteps(journey_.steps, "");
      if (failed_step_) CaptureFailure(driver);
      // The last document may have ended the journey before its load or its first LCP was
      // sent: asked once. A failed attempt's page may not answer: it keeps what was sent.
      if (!failed_step_ && !recorder_->CurrentDocumentTimed()) {
        recorder_->RecordTiming(driver.NavigationTiming());
      }
      driver_ = nullptr;
      recorder_->MoveInto(result_);
    }
    result_.duration_ms = ElapsedMs();
    MaskSecrets(result_, vars_.secrets());
  }

 private:
  static std::string BaseUrl(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }

  double ElapsedMs() const {
    return std::chrono::duration<double, std::milli>(Clock::now() - epoch_).count();
  }

  void Fail(StepError error) {
    if (result_.outcome == Outcome::kFailed) return;
    result_.outcome = Outcome::kFailed;
    result_.error = std::move(error);
  }

  // The journey's part of the page's set-up; the run's came with the page (PreparePage).
  void PrepareForJourney() {
    // A person answers dialogs; an unanswered one (beforeunload after an edit, a confirm)
    // would block every later command. Accept them all: the journey chose to move on.
    dialogs_ = page_.On("Page.javascriptDialogOpening", [this](const cdp::Json&) {
      page_.connection().Post("Page.handleJavaScriptDialog", {{"accept", true}},
                              page_.session_id());
    });
    auto commands = ViewportCommands(journey_.viewport, options_.user_agent_suffix);
    if (!commands.empty()) page_.CallAll(std::move(commands));
  }

  void RunSteps(const std::vector<Step>& steps, const std::string& mark) {
    for (size_t i = 0; i < steps.size(); ++i) {
      const Step& step = steps[i];
      if (step.kind == StepKind::kExpect) upcoming_ = UpcomingExpectations(steps, i);
      if (step.kind == StepKind::kMark) {
        RunMark(step);
        continue;
      }
      StepResult record;
      record.label = step.label;
      record.kind = StepKindName(step.kind);
      record.location = step.location;
      record.mark = mark;
      if (result_.outcome == Outcome::kFailed) {
        record.outcome = Outcome::kSkipped;
      } else {
        record.start_ms = ElapsedMs();
        record.error = BlameAHungBrowser(RunStep(step, record));
        record.duration_ms = ElapsedMs() - record.start_ms;
        record.outcome = record.error ? Outcome::kFailed : Outcome::kPassed;
        if (record.error) {
          failed_step_ = Expanded(step);
          // The attempt's error says where, like a compiler: file:line:col: message.
          StepError located = *record.error;
          located.message = step.location.ToString() + ": " + located.message;
          Fail(std::move(located));
        }
      }
      result_.steps.push_back(std::move(record));
    }
  }

  // The expect steps right after steps[i], up to the first other step (or one that reloads:
  // its checks wait for each other), expanded as they will be when they run.
  std::vector<PageDriver::Check> UpcomingExpectations(const std::vector<Step>& steps, size_t i) {
    std::vector<PageDriver::Check> upcoming;
    for (size_t next = i + 1; next < steps.size(); ++next) {
      const Step& step = steps[next];
      if (step.kind != StepKind::kExpect || step.expect.reload) break;
      try {
        Step expanded = Expand(step, vars_);
        upcoming.push_back({expanded.selector, expanded.expect});
      } catch (const ConfigError&) {
        break;  // its step reports it
      }
    }
    return upcoming;
  }

  void RunMark(const Step& step) {
    MarkRecord mark{step.argument, ElapsedMs(), 0, Outcome::kPassed};
    bool failed_before = result_.outcome == Outcome::kFailed;
    RunSteps(step.steps, step.argument);
    mark.duration_ms = ElapsedMs() - mark.start_ms;
    if (failed_before) {
      mark.outcome = Outcome::kSkipped;
    } else if (result_.outcome == Outcome::kFailed) {
      mark.outcome = Outcome::kFailed;
    }
    result_.marks.push_back(std::move(mark));
  }

  // A step that waited in vain may have waited on a browser that no longer runs at all
  // (stopped, frozen by its cgroup, deadlocked) rather than on the page: the browser is asked,
  // and one that does not answer makes the failure the browser's (infra), not the build's.
  std::optional<StepError> BlameAHungBrowser(std::optional<StepError> error) {
    if (!error || error->kind != "timeout") return error;
    if (auto gone = page_.connection().CheckAnswering("a step timed out")) {
      error->kind = "browser";
      error->message += "; " + std::string(gone->what());
    }
    return error;
  }

  // The step with variables expanded, or the step as written when they cannot be.
  Step Expanded(const Step& step) {
    try {
      return Expand(step, vars_);
    } catch (const ConfigError&) {
      return step;
    }
  }

  std::optional<StepError> RunStep(const Step& step, StepResult& record) {
    try {
      if (options_.cancelled != nullptr && options_.cancelled->load()) {
        return StepError{"browser", "the run was stopped before this step", "", "", "", ""};
      }
      auto now = Clock::now();
      if (now >= deadline_) {
        return StepError{
            "timeout",
            "journey timeout of " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::seconds>(deadline_ - epoch_).count()) +
                " s exceeded before this step",
            "",
            "",
            "",
            ""};
      }
      Deadline deadline = std::min(deadline_, now + step.timeout.value_or(options_.step_timeout));
      Execute(Expand(step, vars_), deadline, record);
      return std::nullopt;
    } catch (const StepFailure& failure) {
      return failure.error();
    } catch (const ConfigError& e) {
      return StepError{"config", e.what(), step.selector, "", "", ""};
    } catch (const cdp::Error& e) {
      return StepError{ErrorKindOf(e), record.label + ": " + e.what(), step.selector, "", "", ""};
    } catch (const std::exception& e) {
      return StepError{"internal", record.label + ": " + e.what(), step.selector, "", "", ""};
    }
  }

  void Execute(const Step& step, Deadline deadline, StepResult& record) {
    PageDriver& driver = *driver_;
    WaitUntil until = step.wait_until.value_or(WaitUntil::kLoad);
    switch (step.kind) {
      case StepKind::kGoto:
        driver.Goto(ResolveUrl(BaseUrl(options_.base_url), step.argument), step.status, until,
                    deadline);
        break;
      case StepKind::kClick:
        driver.Click(step.selector, until, deadline);
        break;
      case StepKind::kFill:
        driver.Fill(step.selector, step.argument, deadline);
        break;
      case StepKind::kSelect:
        driver.Select(step.selector, step.argument, deadline);
        break;
      case StepKind::kPress:
        driver.Press(step.argument, step.selector, until, deadline);
        break;
      case StepKind::kHover:
        driver.Hover(step.selector, deadline);
        break;
      case StepKind::kWaitFor:
        if (!step.url_pattern.empty()) {
          driver.WaitForUrl(step.url_pattern, deadline);
        } else if (!step.selector.empty()) {
          driver.WaitForSelector(step.selector, step.state.value_or(ElementState::kVisible),
                                 deadline);
        } else {
          driver.WaitForText(step.argument, deadline);
        }
        break;
      case StepKind::kExpect:
        driver.Expect(step.selector, step.expect, deadline, upcoming_);
        break;
      case StepKind::kScreenshot: {
        bool compare = !step.screenshot.baseline.empty() && options_.compare_baseline;
        // Masked regions are located first: the comparison happens away from the page.
        std::vector<Box> masks;
        if (compare && !step.screenshot.mask.empty()) {
          masks = driver.MaskBoxes(step.screenshot.mask, step.screenshot.full_page, step.selector,
                                   deadline);
        }
        std::string png = driver.Screenshot(step.screenshot.full_page, step.selector, deadline);
        record.screenshot = Save("screenshots", step.argument, png, "png");
        if (compare) {
          if (auto mismatch = options_.compare_baseline(step, png, record.screenshot, masks)) {
            throw StepFailure(*mismatch);
          }
        }
        break;
      }
      case StepKind::kEval: {
        cdp::Json value = driver.Eval(step.argument, deadline);
        if (step.eval_equals && value != *step.eval_equals) {
          throw StepFailure(StepError{
              "assertion",
              record.label + ": expected " + step.eval_equals->dump() + ", got " + value.dump(), "",
              step.eval_equals->dump(), value.dump(), ""});
        }
        break;
      }
      case StepKind::kMark:
        break;  // handled by RunMark
    }
  }

  std::string Save(const std::string& category, const std::string& name, std::string_view bytes,
                   const std::string& extension) {
    if (options_.artifacts == nullptr) return {};
    return options_.artifacts->Save(
        category, journey_.name + "-a" + std::to_string(options_.attempt) + "-" + name, extension,
        bytes);
  }

  // What the page looked like when the step failed: a QA engineer starts here.
  void CaptureFailure(PageDriver& driver) {
    // First: what the failed step waited on may arrive while the page is captured.
    result_.requests_in_flight = recorder_->InFlight();
    // A page that is gone (renderer crashed or killed, browser dead) has nothing left to show;
    // nor is there time for it when the run is stopping (`browser` on a live page).
    if (page_.connection().closed(page_.session_id()) ||
        (result_.error && result_.error->kind == "browser")) {
      return;
    }
    FailureArtifacts& failure = result_.failure;
    failure.url = driver.Url();
    failure.scale = journey_.viewport.device_scale_factor;
    if (!failed_step_->selector.empty())
      failure.element = driver.VisibleBox(failed_step_->selector);
    // Each on its own: a page whose render-blocking styles never came has a DOM but makes no
    // frame to capture (the screenshot waits out its timeout).
    auto capture = [&](const char* what, const auto& save) {
      try {
        save();
      } catch (const std::exception& e) {
        spdlog::warn("{}: could not capture the {} at the failure: {}", journey_.name, what,
                     e.what());
      }
    };
    capture("DOM", [&] {
      std::string dom = MaskSecrets(driver.Dom(), vars_.secrets());
      if (!dom.empty()) failure.dom = Save("dom", "failure", dom, "html");
    });
    capture("screenshot", [&] {
      // Short: a page that hangs must not hold the run for a full call timeout.
      failure.screenshot =
          Save("screenshots", "failure", page_.Screenshot({}, std::chrono::seconds(5)), "png");
    });
  }

  cdp::Page& page_;
  cdp::IsolatedWorld& world_;
  const Journey& journey_;
  const AttemptOptions& options_;
  AttemptResult& result_;
  const Clock::time_point epoch_;
  const Deadline deadline_;
  Variables vars_;
  std::optional<PageRecorder> recorder_;
  cdp::Subscription dialogs_;
  PageDriver* driver_ = nullptr;
  std::vector<PageDriver::Check> upcoming_;  // of the expect step running (RunSteps)
  std::optional<Step> failed_step_;
};

}  // namespace

AttemptResult RunAttempt(cdp::Page& page, cdp::IsolatedWorld& world, const Journey& journey,
                         const AttemptOptions& options) {
  AttemptResult result;
  result.journey = journey.name;
  result.attempt = options.attempt;
  result.started_at = IsoNow();
  AttemptRunner(page, world, journey, options, result).Run();
  return result;
}

}  // namespace journeys
