// Text taken from pages and journey files (titles, console messages, DOM, URLs, error messages)
// ends up in junit.xml and report.html. It is hostile until proven otherwise: every byte goes
// through these functions, so that a page titled <script>alert(1)</script> stays text and a
// stray control character never makes the XML unreadable for Jenkins or GitLab.
#pragma once

#include <string>
#include <string_view>

namespace artifacts {

// Valid UTF-8 that XML 1.0 accepts: invalid byte sequences and the characters XML forbids (C0
// controls other than tab, newline and carriage return; U+FFFE, U+FFFF) become U+FFFD.
std::string ValidXmlText(std::string_view text);

// ValidXmlText with & < > " ' escaped: safe as element content and as a quoted attribute value,
// in XML and in HTML alike.
std::string EscapeMarkup(std::string_view text);

// `url` when it is safe to put in href/src: relative (artifact paths), http(s), or a data:image
// URI; otherwise (javascript:, vbscript:, data:text/html, ...) "#". Still needs EscapeMarkup.
std::string SafeUrl(std::string_view url);

// At most `max_bytes` of `text`, cut at a UTF-8 character boundary, with "…" when cut.
std::string Truncate(std::string_view text, size_t max_bytes);

}  // namespace artifacts
