// `eval: {equals: ...}` takes any JSON value, written in YAML: the value is converted with
// JSON's types (a quoted "5" stays a string, a plain 5 is a number).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "journeys/yaml_reader.h"

namespace journeys {

// nullopt when the value cannot be JSON (non-string keys, too deep or too large; reported).
std::optional<nlohmann::json> ToJson(Reader& reader, const Field& field);

}  // namespace journeys
