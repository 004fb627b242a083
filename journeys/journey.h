// The journey model: what a QA engineer wrote, after parsing and before running. The parser
// fills it, the validator checks it, the executor walks it. Locations point back into the file
// so every error can name file:line:col.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace journeys {

using Milliseconds = std::chrono::milliseconds;

struct Location {
  std::string file;
  int line = 0;                  // 1-based; 0 when unknown
  int column = 0;                // 1-based
  std::string ToString() const;  // "file:line:col", or what is known of it
};

enum class StepKind {
  kGoto,
  kClick,
  kFill,
  kSelect,
  kPress,
  kHover,
  kWaitFor,
  kExpect,
  kScreenshot,
  kEval,
  kMark,
};
const char* StepKindName(StepKind kind);  // the YAML key: "goto", "wait_for", ...

enum class ElementState { kAttached, kVisible, kHidden, kDetached };
const char* ElementStateName(ElementState state);

// Which lifecycle point of a navigation a step waits for.
enum class WaitUntil { kCommit, kDomContentLoaded, kLoad, kNetworkIdle };

struct TextMatch {
  enum class Op { kEquals, kContains, kMatches };
  Op op = Op::kEquals;
  std::string expected;  // a string, or an ECMAScript regex for kMatches
};

// What an `expect` step checks; only the fields that are set are checked, all of them must
// hold, and they are retried together until the step's timeout.
struct Expectation {
  // With `selector`: the element's state (default kVisible when nothing else is asked of it).
  std::optional<ElementState> state;
  std::optional<int> count;       // number of matching elements
  std::optional<TextMatch> text;  // the element's visible text (innerText), trimmed
  std::string attribute;          // with attribute_value
  std::optional<TextMatch> attribute_value;
  std::optional<TextMatch> title;  // document.title
  std::optional<TextMatch> url;    // location.href
  std::optional<int> status;       // HTTP status of the last main-frame navigation
  bool no_console_errors = false;
  bool no_js_exceptions = false;
  // Between checks that fail, reload the page (as a person would when the server has not
  // caught up yet) instead of only looking at the same document again.
  bool reload = false;
};

struct ScreenshotSpec {
  bool full_page = false;
  std::string baseline;           // compare against the stored baseline of this name
  std::vector<std::string> mask;  // selectors painted over before comparing
  double tolerance = 0.01;        // fraction of differing pixels allowed
};

struct Step {
  StepKind kind = StepKind::kGoto;
  Location location;
  std::string label;     // `name:` if given, else a description such as "click #wpSave"
  std::string selector;  // CSS, text=..., or xpath=...
  // The action's main argument: goto URL, fill text, select value, press keys, eval script,
  // screenshot name, mark name, wait_for text.
  std::string argument;
  std::optional<int> status;                  // goto: expected HTTP status
  std::optional<WaitUntil> wait_until;        // goto and actions that navigate
  std::optional<ElementState> state;          // wait_for
  std::string url_pattern;                    // wait_for: URL glob (* and **) or /regex/
  Expectation expect;                         // expect
  std::optional<nlohmann::json> eval_equals;  // eval: expected JSON result
  ScreenshotSpec screenshot;                  // screenshot
  std::optional<Milliseconds> timeout;        // overrides the run's step timeout
  std::vector<Step> steps;                    // mark: the group it times
};

struct ViewportSpec {
  int width = 1280;
  int height = 900;
  double device_scale_factor = 1;
  bool mobile = false;
  std::string user_agent;  // empty: the browser's (plus cujo's suffix)
  std::string preset;      // e.g. "mobile" when a preset was used
};

struct Journey {
  std::string name;
  std::string description;
  std::string tier = "quick";  // "quick" or "slow"
  std::vector<std::string> tags;
  std::optional<Milliseconds> timeout;
  std::optional<int> retries;
  ViewportSpec viewport;
  std::map<std::string, std::string> vars;
  std::vector<std::string> uses;  // names of journeys whose steps run first, in order
  std::vector<Step> steps;
  Location location;  // the file (line 1) the journey came from
};

}  // namespace journeys
