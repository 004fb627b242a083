// ParseJourney: YAML text to a Journey, or to every error in it. yaml-cpp throws on malformed
// YAML (and on nesting deeper than it can parse); each exception becomes a located Diagnostic.
#include "journeys/parser.h"

#include <yaml-cpp/depthguard.h>

#include "journeys/journey_fields.h"
#include "journeys/yaml_reader.h"

namespace journeys {

namespace {

std::string YamlHint(const std::string& message) {
  if (message.find("invalid unicode") != std::string::npos) {
    return "write the character itself or \\UXXXXXXXX; UTF-16 surrogate pairs such as "
           "\\ud83d\\ude00 are not supported";
  }
  if (message.find("tab") != std::string::npos || message.find("illegal") != std::string::npos) {
    return "indent with spaces, never tabs";
  }
  return "";
}

// The documents of `text`; none (with errors reported) when it is not YAML.
std::vector<YAML::Node> LoadDocuments(Reader& reader, std::string_view text) {
  try {
    return YAML::LoadAll(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    reader.Error(reader.Where(e.mark), "invalid YAML: nested too deep",
                 "a journey needs a few levels of nesting, not " + std::to_string(e.depth()));
  } catch (const YAML::Exception& e) {
    reader.Error(reader.Where(e.mark), "invalid YAML: " + e.msg, YamlHint(e.msg));
  }
  return {};
}

}  // namespace

ParsedJourney ParseJourney(std::string_view text, const std::string& file) {
  ParsedJourney parsed;
  Reader reader(file);
  std::vector<YAML::Node> documents = LoadDocuments(reader, text);
  Journey journey;
  journey.location = Location{file, 1, 1};
  if (documents.size() > 1) {
    reader.Error(reader.Where(documents[1]), "a second YAML document in the file",
                 "one journey per file");
  }
  if (documents.empty() && !reader.has_errors()) {
    reader.Error(Location{file, 1, 1}, "the file is empty",
                 "a journey needs at least `name` and `steps`");
  }
  if (!documents.empty()) {
    try {
      ReadJourney(reader, reader.Value("journey", documents[0]), journey, parsed.sources);
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
