// Journey text in, diagnostics out in the compact form tests compare, and the table-driven
// test of error cases that each parser test file instantiates with its own table.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "journeys/parser.h"

namespace journeys::testing {

// Every error of `yaml` parsed as the file "j.yaml", as "line:col: message (hint: ...)".
std::vector<std::string> Errors(const std::string& yaml);
// The journey `yaml` describes; fails the test when it has errors.
Journey Parse(const std::string& yaml);
// A journey named "t" whose `steps:` (line 2) are `steps`: its first step is on line 3.
std::string WithSteps(const std::string& steps);
// The only step of WithSteps("  - " + step).
Step ParseStep(const std::string& step);

struct ErrorCase {
  std::string name;                 // the test's name
  std::string yaml;                 // the file j.yaml
  std::vector<std::string> errors;  // all of them, as Errors() gives them
};

// gtest prints the case by its name.
void PrintTo(const ErrorCase& error_case, std::ostream* out);

class ErrorCaseTest : public ::testing::TestWithParam<ErrorCase> {};

// For INSTANTIATE_TEST_SUITE_P: the case's name.
std::string CaseName(const ::testing::TestParamInfo<ErrorCase>& info);

}  // namespace journeys::testing
