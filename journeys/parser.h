// Journey files: YAML (or JSON, which YAML reads too), one journey per file. Parsing never
// throws on bad input: it collects every error it can find, each with file:line:col.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journeys/diagnostic.h"
#include "journeys/journey.h"

namespace journeys {

// A `${vars.NAME}` written in a journey: the catalog checks that something defines it.
struct VariableUse {
  std::string name;  // NAME
  Location location;
};

// Where the parts that the catalog checks across files are written.
struct JourneySources {
  std::string name;  // the journey's name when it is valid, even if other fields are not
  Location name_location;
  std::vector<Location> uses;     // one per entry of Journey::uses
  std::vector<VariableUse> vars;  // every ${vars.NAME} in the journey's steps and vars
};

struct ParsedJourney {
  std::optional<Journey> journey;  // set when there were no errors
  std::vector<Diagnostic> errors;
  JourneySources sources;
};

ParsedJourney ParseJourney(std::string_view text, const std::string& file);

}  // namespace journeys
