// The parser's view of a YAML document: typed reads of values that report every problem as a
// Diagnostic at the value's file:line:col instead of throwing, so that one pass over a file
// finds all of its errors.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "journeys/diagnostic.h"
#include "journeys/did_you_mean.h"
#include "journeys/journey.h"
#include "journeys/parser.h"

namespace journeys {

// A value and what messages call it: the value of a key ("retries") or an element of a list
// ("tags[1]"). yaml-cpp places empty values on the next line, so they are located at their key.
struct Field {
  std::string name;
  YAML::Node node;
  Location key_location;  // of the key; of the value itself for list elements
  Location location;      // of the value, or of its key when the value is empty
};

class Reader {
 public:
  // A file with more errors than this is mostly noise after them.
  static constexpr size_t kMaxErrors = 100;
  // Map entries and list elements read in all; anchors let a few lines repeat a value
  // endlessly, and every walk of the document goes through Entries and Elements.
  static constexpr size_t kMaxValues = 100000;

  // `kind`: what the file holds ("journey", "SLO policy"), for the errors about the whole file.
  explicit Reader(std::string file, std::string kind = "journey")
      : file_(std::move(file)), kind_(std::move(kind)) {}
  const std::string& kind() const { return kind_; }

  Location Where(const YAML::Node& node) const;
  Location Where(const YAML::Mark& mark) const;
  void Error(const Location& location, std::string message, std::string hint = "");
  std::vector<Diagnostic> TakeErrors() { return std::move(errors_); }
  std::vector<VariableUse> TakeVarUses() { return std::move(var_uses_); }

  // The value of `node` as a field named `name` (a whole document, an element of a list).
  Field Value(const std::string& name, const YAML::Node& node) const;
  // The entries of a map, in order, without duplicate or non-string keys (reported). nullopt
  // (reported) when `field` is no map.
  std::optional<std::vector<Field>> Entries(const Field& field);
  // The elements of a list; nullopt (reported) when `field` is no list.
  std::optional<std::vector<Field>> Elements(const Field& field, const std::string& expected);
  void UnknownKey(const Field& entry, const std::vector<std::string>& valid,
                  const std::string& where);

  // Typed values; nullopt when the value has another type (reported).
  std::optional<std::string> String(const Field& field);
  // A non-empty string.
  std::optional<std::string> Text(const Field& field);
  // A string in which cujo expands ${...}: references are checked and ${vars.*} recorded.
  std::optional<std::string> Expandable(const Field& field);
  std::optional<int> Int(const Field& field, int min, int max, const std::string& expected);
  std::optional<double> Number(const Field& field, double min, double max,
                               const std::string& expected);
  std::optional<bool> Bool(const Field& field);
  std::optional<Milliseconds> Duration(const Field& field);
  std::optional<std::vector<std::string>> StringList(const Field& field);

  template <typename E>
  using Names = std::vector<std::pair<std::string, E>>;
  // One of `names`; `what` names the enum in messages ("tier", "state").
  template <typename E>
  std::optional<E> Enum(const Field& field, const Names<E>& names, const std::string& what);

 private:
  // The scalar text of `field`, or nullopt when it is empty or no scalar (reported as not
  // being `expected`).
  std::optional<std::string> Scalar(const Field& field, const std::string& expected);
  void CheckReferences(const Field& field, const std::string& text);
  // Counts `count` more values read; false (reported once) past kMaxValues.
  bool Spend(size_t count, const Location& location);

  std::string file_;
  std::string kind_;
  std::vector<Diagnostic> errors_;
  std::vector<VariableUse> var_uses_;
  size_t values_read_ = 0;
};

// "a, b or c"
std::string JoinAlternatives(const std::vector<std::string>& names);

template <typename E>
std::optional<E> Reader::Enum(const Field& field, const Names<E>& names, const std::string& what) {
  std::vector<std::string> valid;
  for (const auto& [name, value] : names) valid.push_back(name);
  auto text = Scalar(field, JoinAlternatives(valid));
  if (!text) return std::nullopt;
  for (const auto& [name, value] : names) {
    if (name == *text) return value;
  }
  std::string hint = ClosestName(*text, valid);
  Error(field.location, "unknown " + what + " `" + *text + "`",
        hint.empty() ? JoinAlternatives(valid) : "did you mean `" + hint + "`?");
  return std::nullopt;
}

}  // namespace journeys
