// YAML to JSON with bounds: anchors can make a small file describe a huge (or, with yaml-cpp,
// cyclic) value, so depth and size are limited.
#include "journeys/yaml_json.h"

#include <charconv>
#include <cmath>

namespace journeys {

namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxValues = 10000;

nlohmann::json PlainScalar(const std::string& text) {
  if (text == "null" || text == "~") return nullptr;
  if (text == "true") return true;
  if (text == "false") return false;
  const char* end = text.data() + text.size();
  long long integer = 0;
  auto parsed = std::from_chars(text.data(), end, integer);
  if (parsed.ec == std::errc() && parsed.ptr == end) return integer;
  double real = 0;
  parsed = std::from_chars(text.data(), end, real);
  if (parsed.ec == std::errc() && parsed.ptr == end && std::isfinite(real)) return real;
  return text;
}

class Converter {
 public:
  Converter(Reader& reader, std::string root) : reader_(reader), root_(std::move(root)) {}

  std::optional<nlohmann::json> Convert(const Field& field, int depth) {
    if (depth > kMaxDepth || ++values_ > kMaxValues) {
      reader_.Error(field.location, "`" + root_ + "` is too deep or too large",
                    "at most " + std::to_string(kMaxDepth) + " levels and " +
                        std::to_string(kMaxValues) + " values");
      return std::nullopt;
    }
    const YAML::Node& node = field.node;
    if (node.IsNull()) return nlohmann::json(nullptr);
    // Quoted scalars carry the non-specific tag "!": always strings.
    if (node.IsScalar()) return node.Tag() == "!" ? node.Scalar() : PlainScalar(node.Scalar());
    nlohmann::json out = node.IsMap() ? nlohmann::json::object() : nlohmann::json::array();
    auto children = node.IsMap() ? reader_.Entries(field) : reader_.Elements(field, "a list");
    if (!children) return std::nullopt;
    for (const Field& child : *children) {
      auto value = Convert(child, depth + 1);
      if (!value) return std::nullopt;
      if (node.IsMap()) {
        out[child.name] = std::move(*value);
      } else {
        out.push_back(std::move(*value));
      }
    }
    return out;
  }

 private:
  Reader& reader_;
  const std::string root_;  // the name of the whole value, for messages
  size_t values_ = 0;
};

}  // namespace

std::optional<nlohmann::json> ToJson(Reader& reader, const Field& field) {
  return Converter(reader, field.name).Convert(field, 0);
}

}  // namespace journeys
