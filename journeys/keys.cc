#include "journeys/keys.h"

#include <cctype>
#include <map>
#include <sstream>

namespace journeys {

namespace {

struct NamedKey {
  const char* code;
  int key_code;
  const char* text;
};

const std::map<std::string, NamedKey>& NamedKeys() {
  static const std::map<std::string, NamedKey> keys = {
      {"Enter", {"Enter", 13, "\r"}},       {"Tab", {"Tab", 9, ""}},
      {"Escape", {"Escape", 27, ""}},       {"Backspace", {"Backspace", 8, ""}},
      {"Delete", {"Delete", 46, ""}},       {"Space", {"Space", 32, " "}},
      {"ArrowUp", {"ArrowUp", 38, ""}},     {"ArrowDown", {"ArrowDown", 40, ""}},
      {"ArrowLeft", {"ArrowLeft", 37, ""}}, {"ArrowRight", {"ArrowRight", 39, ""}},
      {"Home", {"Home", 36, ""}},           {"End", {"End", 35, ""}},
      {"PageUp", {"PageUp", 33, ""}},       {"PageDown", {"PageDown", 34, ""}},
  };
  return keys;
}

const std::map<std::string, int>& Modifiers() {
  static const std::map<std::string, int> modifiers = {
      {"Alt", 1}, {"Control", 2}, {"Ctrl", 2}, {"Meta", 4}, {"Shift", 8}};
  return modifiers;
}

std::optional<KeyStroke> Stroke(const std::string& name, int modifiers) {
  KeyStroke stroke;
  stroke.modifiers = modifiers;
  auto named = NamedKeys().find(name);
  if (named != NamedKeys().end()) {
    stroke.key = name == "Space" ? " " : name;
    stroke.code = named->second.code;
    stroke.key_code = named->second.key_code;
    stroke.text = named->second.text;
  } else if (name.size() == 1 && std::isprint(static_cast<unsigned char>(name[0]))) {
    char c = name[0];
    bool shifted = (modifiers & 8) != 0;
    char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    stroke.key =
        std::isalpha(static_cast<unsigned char>(c)) && shifted ? std::string(1, upper) : name;
    if (std::isalpha(static_cast<unsigned char>(c))) {
      stroke.code = std::string("Key") + upper;
      stroke.key_code = static_cast<unsigned char>(upper);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      stroke.code = std::string("Digit") + c;
      stroke.key_code = static_cast<unsigned char>(c);
    }
    stroke.text = stroke.key;
  } else {
    return std::nullopt;
  }
  // With Control, Alt or Meta a key is a shortcut, not typing.
  if ((modifiers & (1 | 2 | 4)) != 0) stroke.text.clear();
  return stroke;
}

}  // namespace

std::optional<std::vector<KeyStroke>> ParseKeys(const std::string& keys, std::string* error) {
  std::vector<KeyStroke> strokes;
  std::istringstream words(keys);
  std::string chord;
  while (words >> chord) {
    int modifiers = 0;
    size_t start = 0;
    size_t plus;
    // "+" alone (or at the end, as in "Shift++") is the plus key itself.
    while ((plus = chord.find('+', start)) != std::string::npos && plus + 1 < chord.size()) {
      std::string part = chord.substr(start, plus - start);
      auto modifier = Modifiers().find(part);
      if (modifier == Modifiers().end()) {
        *error = "unknown modifier '" + part + "' in '" + chord + "' (Alt, Control, Meta, Shift)";
        return std::nullopt;
      }
      modifiers |= modifier->second;
      start = plus + 1;
    }
    auto stroke = Stroke(chord.substr(start), modifiers);
    if (!stroke) {
      *error = "unknown key '" + chord.substr(start) +
               "' (a single character, or Enter, Tab, Escape, Backspace, Delete, Space, "
               "Arrow{Up,Down,Left,Right}, Home, End, PageUp, PageDown)";
      return std::nullopt;
    }
    strokes.push_back(*stroke);
  }
  if (strokes.empty()) {
    *error = "no key given";
    return std::nullopt;
  }
  return strokes;
}

}  // namespace journeys
