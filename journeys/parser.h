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

struct ParsedJourney {
  std::optional<Journey> journey;  // set when there were no errors
  std::vector<Diagnostic> errors;
};

ParsedJourney ParseJourney(std::string_view text, const std::string& file);

}  // namespace journeys
