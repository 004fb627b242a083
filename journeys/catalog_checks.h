// The checks that need every file of a catalog: journey names are unique, `uses` names
// journeys that exist and form no cycle, and every ${vars.NAME} is defined by the journey
// or by one it uses.
#pragma once

#include <vector>

#include "journeys/diagnostic.h"
#include "journeys/parser.h"

namespace journeys {

void CheckAcrossFiles(const std::vector<ParsedJourney>& files, std::vector<Diagnostic>& errors);

}  // namespace journeys
