// `press` steps name keys as people do ("Enter", "Control+A", "Shift+Tab", "x"); CDP wants
// key, code, Windows key code, text and a modifier mask for each Input.dispatchKeyEvent.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace journeys {

struct KeyStroke {
  std::string key;    // DOM KeyboardEvent.key, e.g. "Enter", "a"
  std::string code;   // DOM KeyboardEvent.code, e.g. "Enter", "KeyA"
  int key_code = 0;   // windowsVirtualKeyCode
  std::string text;   // what the key types ("" for non-printing keys or with Control/Alt/Meta)
  int modifiers = 0;  // CDP mask: Alt 1, Control 2, Meta 4, Shift 8
};

// Parses "Control+Shift+A" style chords, one chord per whitespace-separated word. nullopt
// (with `error` set) for an unknown key name.
std::optional<std::vector<KeyStroke>> ParseKeys(const std::string& keys, std::string* error);

}  // namespace journeys
