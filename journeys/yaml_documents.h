// Loading a journey file's YAML: one document, or located errors. yaml-cpp 0.7's LoadAll
// loops forever on input its scanner cannot consume (",x" at the top), so documents are
// counted with a parser that is asked for two at most.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "journeys/yaml_reader.h"

namespace journeys {

// The file's only document; nullopt (reported) when the text is not YAML, is empty (the hint
// says what a minimal one holds), or holds more than one document.
std::optional<YAML::Node> LoadDocument(Reader& reader, std::string_view text,
                                       const std::string& minimal);

}  // namespace journeys
