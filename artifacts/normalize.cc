// Normalize (classify.h): failure text with what varies between occurrences of one cause
// replaced, so that one cause gets one fingerprint. Linear scans, not std::regex: its matcher
// recurses once per character, and a long quoted value (a page's exception message or console
// error, which the page controls) overflowed the stack and killed cujo.
#include <string>

#include "artifacts/classify.h"

namespace artifacts {

namespace {

// The character classes of the regular expressions this replaced (ECMAScript, "C" locale).
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsWord(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// \?[^\s"']* -> ?…   (query strings)
std::string ReplaceQueries(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '?') {
      out += text[i++];
      continue;
    }
    out += "?…";
    for (++i; i < text.size() && !IsSpace(text[i]) && text[i] != '"' && text[i] != '\''; ++i) {
    }
  }
  return out;
}

// "[^"]*" -> "…"   (quoted values; an unmatched quote stays)
std::string ReplaceQuoted(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('"', i);
    size_t close = open == std::string::npos ? open : text.find('"', open + 1);
    if (close == std::string::npos) {
      out.append(text, i, std::string::npos);
      break;
    }
    out.append(text, i, open - i);
    out += "\"…\"";
    i = close + 1;
  }
  return out;
}

// \b[0-9a-f]{8,}\b, any case -> <id>   (a whole word of 8 or more hex digits)
std::string ReplaceHexIds(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (!IsWord(text[i])) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    bool hex = true;
    for (; end < text.size() && IsWord(text[end]); ++end) hex = hex && IsHex(text[end]);
    if (hex && end - i >= 8) {
      out += "<id>";
    } else {
      out.append(text, i, end - i);
    }
    i = end;
  }
  return out;
}

// \d+(\.\d+)? -> N
std::string ReplaceNumbers(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (!IsDigit(text[i])) {
      out += text[i++];
      continue;
    }
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
      for (++i; i < text.size() && IsDigit(text[i]); ++i) {
      }
    }
    out += 'N';
  }
  return out;
}

}  // namespace

std::string Normalize(const std::string& text) {
  std::string out = ReplaceNumbers(ReplaceHexIds(ReplaceQuoted(ReplaceQueries(text))));
  return out.substr(0, 300);
}

}  // namespace artifacts
