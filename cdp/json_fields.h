// CDP messages are loosely typed: a field may be absent or of another type in another
// Chromium version. Reading them through these never throws.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cdp {

// object[key] when it is a string, else "".
inline std::string StringField(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// object[key] when it is a number, else `fallback`.
inline double NumberField(const nlohmann::json& object, const char* key, double fallback = 0) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

}  // namespace cdp
