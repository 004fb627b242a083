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

// object[key] when it is a boolean, else false.
inline bool BoolField(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

// object[key] when it is an object, else an empty object (operator[] on a const json is
// undefined for an absent key).
inline const nlohmann::json& ObjectField(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace cdp
