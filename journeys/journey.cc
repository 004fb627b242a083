// Names of the model's enums as journey files spell them, and locations as editors read them.
#include "journeys/journey.h"

namespace journeys {

std::string Location::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

const char* StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kGoto:
      return "goto";
    case StepKind::kClick:
      return "click";
    case StepKind::kFill:
      return "fill";
    case StepKind::kSelect:
      return "select";
    case StepKind::kPress:
      return "press";
    case StepKind::kHover:
      return "hover";
    case StepKind::kWaitFor:
      return "wait_for";
    case StepKind::kExpect:
      return "expect";
    case StepKind::kScreenshot:
      return "screenshot";
    case StepKind::kEval:
      return "eval";
    case StepKind::kMark:
      return "mark";
  }
  return "?";
}

const char* ElementStateName(ElementState state) {
  switch (state) {
    case ElementState::kAttached:
      return "attached";
    case ElementState::kVisible:
      return "visible";
    case ElementState::kHidden:
      return "hidden";
    case ElementState::kDetached:
      return "detached";
  }
  return "?";
}

}  // namespace journeys
