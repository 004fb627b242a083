// Reads `steps` lists (the journey's, and those of marks inside it) into Steps: each step is
// a map with exactly one action key, whose value is a scalar or a map of the action's options.
#pragma once

#include <vector>

#include "journeys/journey.h"
#include "journeys/step_options.h"
#include "journeys/yaml_reader.h"

namespace journeys {

class StepParser {
 public:
  // Marks nest at most this deep; steps beyond this many per journey are not read (anchors
  // can repeat a few lines into millions of steps).
  static constexpr int kMaxMarkDepth = 8;
  static constexpr size_t kMaxSteps = 1000;

  explicit StepParser(Reader& reader) : reader_(reader) {}

  Reader& reader() { return reader_; }
  // `field`: a `steps` value.
  std::vector<Step> ParseSteps(const Field& field);

 private:
  std::optional<Step> ParseStep(const Field& field);
  // The action of a step map (reported when there is none or more than one), and its
  // siblings in `siblings`.
  const Field* FindAction(const Field& step, const std::vector<Field>& entries,
                          std::vector<const Field*>& siblings);
  // Reads `name` and `timeout` beside the action; reports other keys there.
  void ReadBesideAction(const StepSpec& spec, const Field& action,
                        const std::vector<const Field*>& siblings, GivenOptions& given, Step& step);
  // Reads the action's scalar or map; false (reported) when it is neither.
  bool ReadActionValue(const StepSpec& spec, const Field& action, GivenOptions& given, Step& step);
  void ReadOption(const StepOption& option, const Field& value, GivenOptions& given, Step& step);

  Reader& reader_;
  int depth_ = 0;
  size_t steps_read_ = 0;
};

}  // namespace journeys
