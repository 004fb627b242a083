// The fields of a journey (name, tier, vars, uses, steps, ...): which exist, which are
// required, and how each is read.
#pragma once

#include "journeys/journey.h"
#include "journeys/parser.h"
#include "journeys/yaml_reader.h"

namespace journeys {

// Reads the journey map `root` into `journey` and `sources`; problems go to `reader`.
void ReadJourney(Reader& reader, const Field& root, Journey& journey, JourneySources& sources);

}  // namespace journeys
