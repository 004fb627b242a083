// Diagnostics in the compiler format that editors and CI log viewers link to the file.
#include "journeys/diagnostic.h"

namespace journeys {

namespace {

// Messages quote the file's own text: a control character in it (a NUL, an escape sequence)
// is shown as \xNN rather than sent to the terminal or the CI log as it is.
std::string Printable(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string Diagnostic::ToString() const {
  std::string out = location.ToString() + ": error: " + Printable(message);
  if (!hint.empty()) out += " (hint: " + Printable(hint) + ")";
  return out;
}

}  // namespace journeys
