// When a step passes, fails and ends, against the real wiki: a click whose navigation fails at
// the network level (through the fault proxy) fails with the network error, a renderer too busy
// to take input holds a step no longer than its timeout, text a reader cannot see does not
// pass a text check, `fill` replaces a field's text, a step that times out records what it
// still waited for, and a page that replaces built-ins does not break cujo's helpers. Each
// document's timing is recorded, also of one that no step looked at before the next
// navigation replaced it. Expect steps in a row are judged each when the one before passed,
// errors and exceptions once the page has run what it had queued, and a document's first action
// once it has.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "journeys/parser.h"
#include "tests/integration/fault_proxy_client.h"
#include "tests/integration/journey_fixture.h"

namespace {

using cujo_test::FaultProxyUrl;
using cujo_test::FaultRules;
using journeys::Outcome;

journeys::Journey Parse(const std::string& yaml) {
  auto parsed = journeys::ParseJourney(yaml, "limits.yaml");
  EXPECT_TRUE(parsed.journey.has_value()) << yaml;
  return parsed.journey.value_or(journeys::Journey{});
}

// Runs the journey `yaml` in a fresh context of the shared browser against the wiki, or
// through `base_url` (the fault proxy); its artifacts go to a directory removed on return.
journeys::AttemptResult RunJourney(const std::string& yaml, const std::string& base_url = "",
                                   journeys::Milliseconds step_timeout = std::chrono::seconds(10)) {
  cdp::TempDir artifacts("cujo-step-outcomes-test-");
  return cujo_test::RunAgainstWiki(Parse(yaml), artifacts.path(), step_timeout, base_url);
}

// Chromium commits its own error page, which loads like any page: the step must fail with the
// network error, as a `goto` does, not pass and leave the steps after it looking at the error
// page with the previous page's HTTP status.
TEST(StepOutcomes, AClickThatEndsOnChromiumsErrorPageFailsWithTheNetError) {
  FaultRules faults({"mode=reset&path=search="});
  auto result = RunJourney(R"(name: search-reset
steps:
  - goto: /wiki/Main_Page
  - fill: {selector: "#searchInput", text: Saltmere Tern}
  - click: "#searchButton"
  - expect: {status: 200}
)",
                           FaultProxyUrl());
  ASSERT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_EQ(result.steps.size(), 4u);
  EXPECT_EQ(result.steps[2].outcome, Outcome::kFailed);
  EXPECT_EQ(result.steps[3].outcome, Outcome::kSkipped);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, "navigation") << result.error->message;
  EXPECT_NE(result.error->message.find("search=Saltmere"), std::string::npos)
      << result.error->message;
  EXPECT_NE(result.error->message.find("failed: net::ERR_"), std::string::npos)
      << result.error->message;
}

// Each key press waits for the renderer to take it; one busy for 3 s a key held `press` for 9 s
// past its 1 s timeout.
TEST(StepOutcomes, KeysARendererIsTooBusyToTakeEndTheStepAtItsTimeout) {
  auto result = RunJourney(R"(name: busy-keys
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      document.addEventListener('keydown', () => { const end = Date.now() + 3000;
      while (Date.now() < end) {} }) || true
  - press: {keys: "a b c", selector: "#searchInput"}
)",
                           "", std::chrono::seconds(1));
  ASSERT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_EQ(result.steps.size(), 3u);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, "timeout") << result.error->message;
  // The timeout, the last poll's allowance (200 ms) and some slack; not three busy keys.
  EXPECT_LT(result.steps[2].duration_ms, 3000) << result.error->message;
}

// A message the build failed to show is in the DOM but not on the screen: a text check on it
// fails (it passed: innerText of a hidden element is all its text); `state: attached` asks for
// the element whatever it shows.
TEST(StepOutcomes, TextOfAHiddenElementDoesNotPassATextCheck) {
  const std::string steps = R"(steps:
  - goto: /wiki/Main_Page
  - eval: >-
      document.body.insertAdjacentHTML('beforeend',
      '<div id="cujo-saved" style="display:none">Your edit was saved.</div>') || true
)";
  auto hidden =
      RunJourney("name: hidden-text\n" + steps +
                 "  - expect: {selector: \"#cujo-saved\", text_contains: saved, timeout: 1s}\n");
  ASSERT_EQ(hidden.outcome, Outcome::kFailed);
  ASSERT_TRUE(hidden.error.has_value());
  EXPECT_EQ(hidden.error->kind, "assertion") << hidden.error->message;
  EXPECT_NE(hidden.error->actual.find("1 match, none visible"), std::string::npos)
      << hidden.error->actual;

  auto attached = RunJourney(
      "name: attached-text\n" + steps +
      "  - expect: {selector: \"#cujo-saved\", state: attached, text_contains: saved}\n");
  EXPECT_EQ(attached.outcome, Outcome::kPassed) << (attached.error ? attached.error->message : "");
}

// A `text=` selector matches what is on the screen: a hidden element with the same text (a
// template, a closed menu) neither matches nor makes the visible one ambiguous.
TEST(StepOutcomes, TextSelectorsMatchOnlyRenderedElements) {
  auto result = RunJourney(R"(name: hidden-twin
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      document.getElementById('mw-content-text').insertAdjacentHTML('afterbegin',
      '<button style="display:none">Cujo twin</button>' +
      '<button onclick="document.title = \'clicked\'">Cujo twin</button>') || true
  - click: {selector: "text=Cujo twin", timeout: 2s}
  - expect: {title: clicked}
)");
  EXPECT_EQ(result.outcome, Outcome::kPassed) << (result.error ? result.error->message : "");
}

// A page whose styles never come: `goto` waits for `load` until its timeout, and the attempt
// says what it was still waiting for when it failed (the stalled stylesheet).
TEST(StepOutcomes, AStepThatTimesOutRecordsTheRequestsItWasStillWaitingFor) {
  FaultRules faults({"mode=stall&path=only=styles"});
  auto result = RunJourney(R"(name: stalled-styles
steps:
  - goto: {url: /wiki/Main_Page, timeout: 2s}
)",
                           FaultProxyUrl());
  ASSERT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->kind, "timeout") << result.error->message;
  auto stalled = std::find_if(result.requests_in_flight.begin(), result.requests_in_flight.end(),
                              [](const journeys::RequestRecord& request) {
                                return request.url.find("only=styles") != std::string::npos;
                              });
  ASSERT_NE(stalled, result.requests_in_flight.end()) << result.requests_in_flight.size();
  EXPECT_EQ(stalled->resource_type, "Stylesheet");
  EXPECT_EQ(stalled->method, "GET");
  // Sent early in the step, which then waited its 2 s.
  ASSERT_EQ(result.steps.size(), 1u);
  EXPECT_GT(result.steps[0].start_ms + result.steps[0].duration_ms - stalled->at_ms, 1500);
  // No frame to capture without the page's styles, but its DOM is there (it was lost with the
  // screenshot).
  EXPECT_FALSE(result.failure.dom.empty());
}

// `fill` replaces what a field holds, in an input as in an editable element, and `press` with a
// selector types into that element: each acts on the element its checks found ready.
TEST(StepOutcomes, FillReplacesTheTextAlreadyThereAndPressTypesIntoItsElement) {
  auto result = RunJourney(R"(name: replace-text
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      (document.querySelector('#searchInput').value = 'old words',
      document.body.insertAdjacentHTML('afterbegin',
        '<div id="note" contenteditable="true">old note</div>'), true)
  - fill: {selector: "#searchInput", text: Saltmere}
  - fill: {selector: "#note", text: new note}
  - press: {selector: "#searchInput", keys: "End"}
  - press: {selector: "#searchInput", keys: "x"}
  - eval: {script: "document.querySelector('#searchInput').value", equals: Saltmerex}
  - expect: {selector: "#note", text: new note}
)");
  EXPECT_EQ(result.outcome, Outcome::kPassed) << (result.error ? result.error->message : "");
}

// The page sends its timing after its load event; nothing asks for it between steps, and the
// report of a document replaced at once by the next `goto` may arrive after that navigation's
// response. (LCP is not asserted: it waits on a paint that a journey this quick may outrun.)
TEST(StepOutcomes, EveryDocumentOfTheJourneyIsTimedAlsoOneReplacedAtOnce) {
  auto result = RunJourney(R"(name: back-to-back
steps:
  - goto: /wiki/Main_Page
  - goto: /wiki/Special:Search
  - goto: /wiki/Quillfeather_Heron
  - expect: {selector: "#firstHeading", text: Quillfeather Heron}
)");
  ASSERT_EQ(result.outcome, Outcome::kPassed) << (result.error ? result.error->message : "");
  ASSERT_EQ(result.navigations.size(), 3u);
  for (const journeys::NavigationRecord& navigation : result.navigations) {
    EXPECT_GT(navigation.ttfb_ms, 0) << navigation.url;
    EXPECT_GE(navigation.dom_content_loaded_ms, navigation.ttfb_ms) << navigation.url;
    EXPECT_GE(navigation.load_ms, navigation.dom_content_loaded_ms) << navigation.url;
  }
}

// Expect steps in a row are checked in one round trip: those after the first that pass when it
// passes need no round trip of their own. Each is judged at the moment the step before it
// passed, as if checked right after it: one that did not pass then is checked as any step is,
// and one that passed at an earlier check (while the first was still failing) is not taken as
// passed on that check's word.
TEST(StepOutcomes, ExpectationsInARowAreJudgedWhenTheOneBeforeThemPassed) {
  auto later = RunJourney(R"(name: appears-later
vars: {heading: Main Page}
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      (setTimeout(() => document.body.insertAdjacentHTML('afterbegin', '<p id="late">late</p>'),
      300), true)
  - expect: {selector: "#firstHeading", text: "${vars.heading}"}
  - expect: {no_js_exceptions: true}
  - expect: {title: Vellmark Wiki}
  - expect: {selector: "#late"}
  - expect: {selector: "#firstHeading", text: Main Page}
)");
  EXPECT_EQ(later.outcome, Outcome::kPassed) << (later.error ? later.error->message : "");

  // #early goes at 200 ms, #late comes at 600 ms: when #late's check passes, #early is gone.
  auto stale = RunJourney(R"(name: gone-by-then
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      (document.body.insertAdjacentHTML('afterbegin', '<p id="early">early</p>'),
      setTimeout(() => document.querySelector('#early').remove(), 200),
      setTimeout(() => document.body.insertAdjacentHTML('afterbegin', '<p id="late">late</p>'),
      600), true)
  - expect: {selector: "#late"}
  - expect: {selector: "#early", state: attached, timeout: 1s}
)");
  ASSERT_EQ(stale.outcome, Outcome::kFailed);
  ASSERT_EQ(stale.steps.size(), 4u);
  EXPECT_EQ(stale.steps[2].outcome, Outcome::kPassed);
  EXPECT_EQ(stale.steps[3].outcome, Outcome::kFailed);
  ASSERT_TRUE(stale.error.has_value());
  EXPECT_NE(stale.error->message.find("#early"), std::string::npos) << stale.error->message;
}

// `no_js_exceptions` and `no_console_errors` count what the page threw or logged once it has run
// the work it had queued: quick steps do not outrun the scripts a page runs after its load.
TEST(StepOutcomes, ErrorsOfWorkThePageHadQueuedCountForTheStepAfter) {
  auto thrown = RunJourney(R"(name: thrown-after
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      (setTimeout(() => { throw new Error('thrown after the step'); }, 0), true)
  - expect: {no_js_exceptions: true}
)");
  ASSERT_EQ(thrown.outcome, Outcome::kFailed);
  ASSERT_EQ(thrown.steps.size(), 3u);
  EXPECT_EQ(thrown.steps[2].outcome, Outcome::kFailed);
  ASSERT_TRUE(thrown.error.has_value());
  EXPECT_NE(thrown.error->message.find("no uncaught exceptions"), std::string::npos)
      << thrown.error->message;

  auto logged = RunJourney(R"(name: logged-after
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      (setTimeout(() => console.error('logged after the step'), 0), true)
  - expect: {no_console_errors: true}
)");
  ASSERT_EQ(logged.outcome, Outcome::kFailed);
  ASSERT_TRUE(logged.error.has_value());
  EXPECT_NE(logged.error->message.find("no console errors"), std::string::npos)
      << logged.error->message;
}

// The first action on a document waits until the page has been idle once: a click handler its
// scripts attach at the end of 200 ms of work in short tasks (which cujo's own commands get in
// between) is there when the click comes.
TEST(StepOutcomes, TheFirstActionOnADocumentWaitsForWhatItsScriptsQueued) {
  auto result = RunJourney(R"(name: late-handler
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      (document.querySelector('#mw-content-text').insertAdjacentHTML('afterbegin',
        '<button id="late-handler">go</button>'),
      (() => { const channel = new MessageChannel(); let left = 100;
        channel.port1.onmessage = () => {
          const end = performance.now() + 2; while (performance.now() < end) {}
          if (--left > 0) { channel.port2.postMessage(0); return; }
          document.querySelector('#late-handler').addEventListener('click',
            () => document.body.insertAdjacentHTML('afterbegin', '<p id="clicked">yes</p>')); };
        channel.port2.postMessage(0); })(),
      true)
  - click: "#late-handler"
  - expect: {selector: "#clicked", timeout: 1s}
)");
  EXPECT_EQ(result.outcome, Outcome::kPassed) << (result.error ? result.error->message : "");
}

// A page's scripts may replace built-ins or define globals of cujo's names (a gadget, a
// polyfill, a hostile page): the helpers and vitals run in an isolated world, out of its reach.
TEST(StepOutcomes, APageThatReplacesBuiltInsAndCujosGlobalsDoesNotBreakTheSteps) {
  auto result = RunJourney(R"(name: hostile-page
steps:
  - goto: /wiki/Main_Page
  - eval: >-
      (globalThis.__cujo = {probe: () => ({ok: false, failed: 'attached'})},
      globalThis.__cujo_vitals = {lcp: 12345, cls: 7},
      Document.prototype.querySelectorAll = () => [],
      Element.prototype.getBoundingClientRect = () => ({x: 0, y: 0, width: 0, height: 0}),
      window.getComputedStyle = () => ({visibility: 'hidden'}),
      window.requestAnimationFrame = () => 0,
      Array.from = () => [], true)
  - expect: {selector: "#firstHeading", text: Main Page, timeout: 2s}
  - fill: {selector: "#searchInput", text: Saltmere Tern, timeout: 2s}
  - click: {selector: "#searchButton", timeout: 2s}
  - expect: {selector: "#firstHeading", text: Saltmere Tern}
)");
  ASSERT_EQ(result.outcome, Outcome::kPassed) << (result.error ? result.error->message : "");
  ASSERT_FALSE(result.navigations.empty());
  const journeys::NavigationRecord& replaced = result.navigations.front();
  ASSERT_TRUE(replaced.lcp_ms.has_value() && replaced.cls.has_value());
  EXPECT_GT(*replaced.lcp_ms, 0);
  EXPECT_NE(*replaced.lcp_ms, 12345);
  EXPECT_EQ(*replaced.cls, 0);
}

}  // namespace
