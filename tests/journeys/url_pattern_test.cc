// `wait_for: {url}` patterns as they are compiled when the step runs (after ${...} expansion).
#include "journeys/url_pattern.h"

#include <gtest/gtest.h>

#include <regex>

namespace journeys {
namespace {

bool Matches(const std::string& pattern, const std::string& url) {
  std::string error;
  auto regex = CompileUrlPattern(pattern, &error);
  EXPECT_TRUE(regex) << error;
  return regex && std::regex_search(url, *regex);
}

TEST(UrlPattern, GlobsMatchTheWholeUrlAndRegexesAnyPart) {
  EXPECT_TRUE(Matches("**/wiki/*", "http://127.0.0.1:8080/wiki/Main_Page"));
  EXPECT_FALSE(Matches("**/wiki/*", "http://127.0.0.1:8080/wiki/Talk/Main_Page"));
  EXPECT_TRUE(Matches("**/index.php?title=*", "http://h/w/index.php?title=X"));
  EXPECT_TRUE(Matches("/title=Special:Search/", "http://h/w/index.php?title=Special:Search&x=1"));
}

// Known only once expanded, so never checked by `cujo validate`: bounded before std::regex
// compiles it recursively (a deep one overflowed the stack).
TEST(UrlPattern, AnAbsurdPatternIsAnErrorNotACrash) {
  std::string error;
  std::string deep = "/" + std::string(20000, '(') + std::string(20000, ')') + "/";
  EXPECT_FALSE(CompileUrlPattern(deep, &error));
  EXPECT_NE(error.find("invalid URL pattern"), std::string::npos) << error;
  EXPECT_FALSE(CompileUrlPattern("/(/", &error));
  EXPECT_NE(error.find("invalid URL pattern /(/"), std::string::npos) << error;
}

}  // namespace
}  // namespace journeys
