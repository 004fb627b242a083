#include "artifacts/markup.h"

#include <cctype>

namespace artifacts {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at `i` and its code point, or 0 when malformed
// (truncated, overlong, surrogate, beyond U+10FFFF).
size_t DecodeAt(std::string_view text, size_t i, char32_t* code_point) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (length == 0 || i + length > text.size()) return 0;
  char32_t value = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    unsigned char c = static_cast<unsigned char>(text[i + k]);
    if (!IsContinuation(c)) return 0;
    value = (value << 6) | (c & 0x3F);
  }
  static const char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMinimum[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return 0;
  }
  *code_point = value;
  return length;
}

bool AllowedInXml(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
}

}  // namespace

std::string ValidXmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t code_point = 0;
    size_t length = DecodeAt(text, i, &code_point);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (AllowedInXml(code_point)) {
      out.append(text.substr(i, length));
    } else {
      out += kReplacement;
    }
    i += length;
  }
  return out;
}

std::string EscapeMarkup(std::string_view text) {
  std::string valid = ValidXmlText(text);
  std::string out;
  out.reserve(valid.size() + valid.size() / 8);
  for (char c : valid) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string SafeUrl(std::string_view url) {
  // Browsers ignore ASCII whitespace and controls inside a scheme ("java\tscript:"), so the
  // scheme is judged without them.
  std::string probe;
  for (char c : url) {
    if (static_cast<unsigned char>(c) > 0x20) {
      probe.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  size_t colon = probe.find(':');
  size_t first_delimiter = probe.find_first_of("/?#");
  bool relative = colon == std::string::npos ||
                  (first_delimiter != std::string::npos && first_delimiter < colon);
  bool allowed = relative || probe.rfind("http://", 0) == 0 || probe.rfind("https://", 0) == 0 ||
                 probe.rfind("data:image/png;", 0) == 0 || probe.rfind("data:image/jpeg;", 0) == 0;
  return allowed ? std::string(url) : std::string("#");
}

std::string Truncate(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && IsContinuation(static_cast<unsigned char>(text[cut]))) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace artifacts
