// Shared by the parser tests.
#include "tests/journeys/parse_helpers.h"

#include <gmock/gmock.h>

namespace journeys::testing {

std::vector<std::string> Errors(const std::string& yaml) {
  std::vector<std::string> out;
  for (const Diagnostic& d : ParseJourney(yaml, "j.yaml").errors) {
    EXPECT_EQ(d.location.file, "j.yaml");
    out.push_back(std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": " +
                  d.message + (d.hint.empty() ? "" : " (hint: " + d.hint + ")"));
  }
  return out;
}

Journey Parse(const std::string& yaml) {
  ParsedJourney parsed = ParseJourney(yaml, "j.yaml");
  for (const Diagnostic& d : parsed.errors) ADD_FAILURE() << d.ToString();
  return parsed.journey.value_or(Journey{});
}

std::string WithSteps(const std::string& steps) { return "name: t\nsteps:\n" + steps; }

Step ParseStep(const std::string& step) {
  Journey journey = Parse(WithSteps("  - " + step + "\n"));
  EXPECT_EQ(journey.steps.size(), 1u);
  return journey.steps.empty() ? Step{} : journey.steps[0];
}

void PrintTo(const ErrorCase& error_case, std::ostream* out) { *out << error_case.name; }

std::string CaseName(const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; }

TEST_P(ErrorCaseTest, ReportsEveryErrorWithItsPlace) {
  EXPECT_THAT(Errors(GetParam().yaml), ::testing::ElementsAreArray(GetParam().errors))
      << GetParam().yaml;
}

}  // namespace journeys::testing
