// A step's label in reports when the journey gives it no `name`: short, human, and as written
// (variables unexpanded, so no secret ever reaches a label).
#pragma once

#include <string>

#include "journeys/journey.h"

namespace journeys {

// e.g. "goto /wiki/Main_Page", "click #searchButton", "expect #firstHeading text = Main Page".
std::string DefaultLabel(const Step& step);

}  // namespace journeys
