// Typed reads of YAML values with located diagnostics.
#include "journeys/yaml_reader.h"

#include <charconv>
#include <cmath>
#include <map>

#include "journeys/duration.h"
#include "journeys/variables.h"

namespace journeys {

namespace {

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "`" + node.Scalar() + "`";
    default:
      return "empty";
  }
}

}  // namespace

std::string JoinAlternatives(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

Location Reader::Where(const YAML::Mark& mark) const {
  if (mark.is_null()) return Location{file_, 0, 0};
  return Location{file_, mark.line + 1, mark.column + 1};
}

Location Reader::Where(const YAML::Node& node) const { return Where(node.Mark()); }

void Reader::Error(const Location& location, std::string message, std::string hint) {
  if (errors_.size() > kMaxErrors) return;
  // A value reached through several aliases (*a) is read once per use, and yaml-cpp places it
  // at its anchor (&a) every time: one error there, not one per use.
  for (const Diagnostic& error : errors_) {
    if (error.location.line == location.line && error.location.column == location.column &&
        error.message == message && error.hint == hint) {
      return;
    }
  }
  if (errors_.size() == kMaxErrors) {
    message = "too many errors; the first " + std::to_string(kMaxErrors) + " are shown";
    hint.clear();
  }
  errors_.push_back(Diagnostic{location, std::move(message), std::move(hint)});
}

bool Reader::Spend(size_t count, const Location& location) {
  if (values_read_ > kMaxValues) return false;
  values_read_ += count;
  if (values_read_ <= kMaxValues) return true;
  Error(location,
        "the " + kind_ + " is too large: more than " + std::to_string(kMaxValues) + " values",
        "anchors and aliases (&a, *a) may repeat a value, but not without end");
  return false;
}

Field Reader::Value(const std::string& name, const YAML::Node& node) const {
  Location location = Where(node);
  return Field{name, node, location, location};
}

std::optional<std::vector<Field>> Reader::Entries(const Field& field) {
  if (!field.node.IsMap()) {
    Error(field.location, "`" + field.name + "` must be a map, not " + Describe(field.node));
    return std::nullopt;
  }
  if (!Spend(field.node.size(), field.location)) return std::nullopt;
  std::vector<Field> entries;
  std::map<std::string, Location> seen;
  for (auto it = field.node.begin(); it != field.node.end(); ++it) {
    Location key_location = Where(it->first);
    if (!it->first.IsScalar()) {
      Error(key_location,
            "keys of `" + field.name + "` must be strings, not " + Describe(it->first));
      continue;
    }
    const std::string& key = it->first.Scalar();
    auto [first, inserted] = seen.emplace(key, key_location);
    if (!inserted) {
      Error(key_location, "duplicate key `" + key + "`",
            "first given at line " + std::to_string(first->second.line));
      continue;
    }
    Location location = it->second.IsNull() ? key_location : Where(it->second);
    entries.push_back(Field{key, it->second, key_location, location});
  }
  return entries;
}

std::optional<std::vector<Field>> Reader::Elements(const Field& field,
                                                   const std::string& expected) {
  if (!field.node.IsSequence()) {
    Error(field.location,
          "`" + field.name + "` must be " + expected + ", not " + Describe(field.node));
    return std::nullopt;
  }
  if (!Spend(field.node.size(), field.location)) return std::nullopt;
  std::vector<Field> elements;
  for (const YAML::Node& element : field.node) {
    Field value = Value(field.name + "[" + std::to_string(elements.size()) + "]", element);
    // An empty element has no place of its own: it is where the list is.
    if (element.IsNull()) value.location = value.key_location = field.location;
    elements.push_back(std::move(value));
  }
  return elements;
}

void Reader::UnknownKey(const Field& entry, const std::vector<std::string>& valid,
                        const std::string& where) {
  Error(entry.key_location, "unknown key `" + entry.name + "` in " + where,
        DidYouMean(entry.name, valid, "valid keys"));
}

std::optional<std::string> Reader::Scalar(const Field& field, const std::string& expected) {
  if (field.node.IsNull()) {
    Error(field.location, "`" + field.name + "` has no value", "expected " + expected);
    return std::nullopt;
  }
  if (!field.node.IsScalar()) {
    Error(field.location,
          "`" + field.name + "` must be " + expected + ", not " + Describe(field.node));
    return std::nullopt;
  }
  return field.node.Scalar();
}

std::optional<std::string> Reader::String(const Field& field) { return Scalar(field, "a string"); }

std::optional<std::string> Reader::Text(const Field& field) {
  auto text = String(field);
  if (text && text->empty()) {
    Error(field.location, "`" + field.name + "` is empty");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> Reader::Expandable(const Field& field) {
  auto text = String(field);
  if (text) CheckReferences(field, *text);
  return text;
}

void Reader::CheckReferences(const Field& field, const std::string& text) {
  auto references = FindReferences(text, [&](size_t, const std::string& message) {
    Error(field.location, message,
          "use ${base_url}, ${unique}, ${vars.NAME}, ${env.NAME} or ${secret.NAME}; "
          "write $${ for a literal ${");
  });
  for (const VariableReference& reference : references) {
    if (reference.name.rfind("vars.", 0) == 0) {
      var_uses_.push_back(VariableUse{reference.name.substr(5), field.location});
    }
  }
}

std::optional<int> Reader::Int(const Field& field, int min, int max, const std::string& expected) {
  auto text = Scalar(field, expected);
  if (!text) return std::nullopt;
  long long value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max) {
    Error(field.location, "`" + field.name + "` must be " + expected + ", not `" + *text + "`");
    return std::nullopt;
  }
  return static_cast<int>(value);
}

std::optional<double> Reader::Number(const Field& field, double min, double max,
                                     const std::string& expected) {
  auto text = Scalar(field, expected);
  if (!text) return std::nullopt;
  double value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || value < min || value > max) {
    Error(field.location, "`" + field.name + "` must be " + expected + ", not `" + *text + "`");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Reader::Bool(const Field& field) {
  auto text = Scalar(field, "true or false");
  if (!text) return std::nullopt;
  bool value = false;
  if (!YAML::convert<bool>::decode(field.node, value)) {
    Error(field.location, "`" + field.name + "` must be true or false, not `" + *text + "`");
    return std::nullopt;
  }
  return value;
}

std::optional<Milliseconds> Reader::Duration(const Field& field) {
  const std::string expected = "a duration such as 500ms, 30s, 2m or a number of milliseconds";
  auto text = Scalar(field, expected);
  if (!text) return std::nullopt;
  std::string error;
  auto duration = ParseDuration(*text, &error);
  if (!duration) Error(field.location, "`" + field.name + "`: " + error, "write " + expected);
  return duration;
}

std::optional<std::vector<std::string>> Reader::StringList(const Field& field) {
  auto elements = Elements(field, "a list of strings");
  if (!elements) return std::nullopt;
  std::vector<std::string> values;
  bool ok = true;
  for (const Field& element : *elements) {
    auto value = Text(element);
    if (value) values.push_back(*value);
    ok = ok && value;
  }
  if (!ok) return std::nullopt;
  return values;
}

}  // namespace journeys
