// Default labels: the action, then its main argument, whitespace collapsed, at most 80 bytes.
#include "journeys/step_label.h"

#include <vector>

#include "journeys/did_you_mean.h"

namespace journeys {

namespace {

constexpr size_t kMaxLabel = 80;

std::string Match(const std::string& subject, const TextMatch& match) {
  const char* op = match.op == TextMatch::Op::kEquals     ? " = "
                   : match.op == TextMatch::Op::kContains ? " contains "
                                                          : " matches ";
  return subject + op + match.expected;
}

std::string ExpectLabel(const Step& step) {
  const Expectation& e = step.expect;
  std::vector<std::string> checks;
  if (e.state) checks.push_back(ElementStateName(*e.state));
  if (e.count) checks.push_back("count = " + std::to_string(*e.count));
  if (e.text) checks.push_back(Match("text", *e.text));
  if (e.attribute_value) checks.push_back(Match(e.attribute, *e.attribute_value));
  if (!step.selector.empty() && checks.empty()) checks.push_back("visible");
  if (e.title) checks.push_back(Match("title", *e.title));
  if (e.url) checks.push_back(Match("url", *e.url));
  if (e.status) checks.push_back("status = " + std::to_string(*e.status));
  if (e.no_console_errors) checks.push_back("no console errors");
  if (e.no_js_exceptions) checks.push_back("no JS exceptions");
  std::string label = "expect ";
  if (!step.selector.empty()) label += step.selector + " ";
  return label + JoinNames(checks) + (e.reload ? ", reloading" : "");
}

std::string Describe(const Step& step) {
  std::string action = StepKindName(step.kind);
  switch (step.kind) {
    case StepKind::kFill:
      return action + " " + step.selector + " with " + step.argument;
    case StepKind::kSelect:
      return action + " " + step.argument + " in " + step.selector;
    case StepKind::kPress:
      return action + " " + step.argument + (step.selector.empty() ? "" : " in " + step.selector);
    case StepKind::kWaitFor:
      if (!step.url_pattern.empty()) return action + " url " + step.url_pattern;
      if (step.selector.empty()) return action + " text " + step.argument;
      return action + " " + step.selector +
             (step.state ? std::string(" ") + ElementStateName(*step.state) : "");
    case StepKind::kExpect:
      return ExpectLabel(step);
    case StepKind::kClick:
    case StepKind::kHover:
      return action + " " + step.selector;
    default:
      return action + " " + step.argument;
  }
}

// Runs of whitespace as one space; cut at a character boundary with "..." when too long.
std::string Shorten(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() <= kMaxLabel) return out;
  size_t cut = kMaxLabel - 3;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  return out.substr(0, cut) + "...";
}

}  // namespace

std::string DefaultLabel(const Step& step) { return Shorten(Describe(step)); }

}  // namespace journeys
