// ParseJourney: YAML text to a Journey, or to every error in it.
#include "journeys/parser.h"

#include "journeys/journey_fields.h"
#include "journeys/yaml_documents.h"
#include "journeys/yaml_reader.h"

namespace journeys {

ParsedJourney ParseJourney(std::string_view text, const std::string& file) {
  ParsedJourney parsed;
  Reader reader(file);
  Journey journey;
  journey.location = Location{file, 1, 1};
  if (std::optional<YAML::Node> document =
          LoadDocument(reader, text, "a journey needs at least `name` and `steps`")) {
    try {
      ReadJourney(reader, reader.Value("journey", *document), journey, parsed.sources);
    } catch (const YAML::Exception& e) {
      // Not expected: every read checks the node's type first. Still an error, not a crash.
      reader.Error(reader.Where(e.mark), std::string("cannot read the journey: ") + e.what());
    }
  }
  parsed.sources.vars = reader.TakeVarUses();
  parsed.errors = reader.TakeErrors();
  if (parsed.errors.empty()) parsed.journey = std::move(journey);
  return parsed;
}

}  // namespace journeys
