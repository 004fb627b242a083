// Escaping of text that comes from pages and journey files into XML and HTML.
#include "artifacts/markup.h"

#include <gtest/gtest.h>

namespace {

using artifacts::EscapeMarkup;
using artifacts::SafeUrl;
using artifacts::Truncate;
using artifacts::ValidXmlText;

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(Markup, EscapesEveryCharacterThatMeansMarkup) {
  EXPECT_EQ(EscapeMarkup("<a href='x' title=\"y\">&amp;</a>"),
            "&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(EscapeMarkup("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
}

TEST(Markup, KeepsValidUtf8AndXmlWhitespace) {
  std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\t\n\r";
  EXPECT_EQ(ValidXmlText(text), text);
}

TEST(Markup, ReplacesWhatXmlForbidsAndWhatIsNoUtf8) {
  EXPECT_EQ(ValidXmlText("a\x01"
                         "b"),
            "a" + kReplacement + "b");
  EXPECT_EQ(ValidXmlText(std::string("a\0b", 3)), "a" + kReplacement + "b");
  EXPECT_EQ(ValidXmlText("\xff"), kReplacement);
  EXPECT_EQ(ValidXmlText("\xC0\xAF"), kReplacement + kReplacement);  // overlong "/"
  EXPECT_EQ(ValidXmlText("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);  // surrogate
  EXPECT_EQ(ValidXmlText("\xEF\xBF\xBE"), kReplacement);                                // U+FFFE
  EXPECT_EQ(ValidXmlText("ab\xE2\x82"), "ab" + kReplacement + kReplacement);            // truncated
}

TEST(Markup, SafeUrlKeepsLinksAndArtifactsAndDropsScripts) {
  EXPECT_EQ(SafeUrl("screenshots/edit-page-a1-failure.png"),
            "screenshots/edit-page-a1-failure.png");
  EXPECT_EQ(SafeUrl("shard-1-of-3/dom/x.html"), "shard-1-of-3/dom/x.html");
  EXPECT_EQ(SafeUrl("https://test.wikipedia.org/wiki/A:B"), "https://test.wikipedia.org/wiki/A:B");
  EXPECT_EQ(SafeUrl("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/");
  EXPECT_EQ(SafeUrl("data:image/jpeg;base64,AAAA"), "data:image/jpeg;base64,AAAA");
  EXPECT_EQ(SafeUrl("dir/a:b"), "dir/a:b");
  for (const char* hostile :
       {"javascript:alert(1)", " JaVa\tScRiPt:alert(1)", "java\nscript:x", "vbscript:msgbox",
        "data:text/html,<script>alert(1)</script>", "file:///etc/passwd"}) {
    EXPECT_EQ(SafeUrl(hostile), "#") << hostile;
  }
}

TEST(Markup, TruncatesAtACharacterBoundary) {
  EXPECT_EQ(Truncate("abc", 5), "abc");
  EXPECT_EQ(Truncate("abcdef", 3), "abc…");
  EXPECT_EQ(Truncate("a\xC3\xA9"
                     "b",
                     2),
            "a…");  // never half of é
}

}  // namespace
