// ${...}: finding references, expanding them, escapes, the environment, secrets and masking.
#include "journeys/variables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace journeys {
namespace {

using ::testing::ElementsAre;

Variables::EnvLookup FakeEnv(std::map<std::string, std::string> env) {
  return [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> ReferenceProblems(const std::string& text) {
  std::vector<std::string> problems;
  FindReferences(text, [&](size_t offset, const std::string& message) {
    problems.push_back(std::to_string(offset) + ": " + message);
  });
  return problems;
}

TEST(FindReferences, ValidOnes) {
  auto refs = FindReferences("${base_url}/a?${vars.user}&${env.HOME}${secret.P}-${unique}",
                             [](size_t, std::string) { FAIL(); });
  ASSERT_EQ(refs.size(), 5u);
  EXPECT_EQ(refs[0].name, "base_url");
  EXPECT_EQ(refs[0].offset, 0u);
  EXPECT_EQ(refs[1].name, "vars.user");
  EXPECT_EQ(refs[1].offset, 14u);
  EXPECT_EQ(refs[2].name, "env.HOME");
  EXPECT_EQ(refs[3].name, "secret.P");
  EXPECT_EQ(refs[4].name, "unique");
}

TEST(FindReferences, EscapesAndLoneDollars) {
  EXPECT_TRUE(
      FindReferences("$${vars.x} costs $5 $ {x} $$", [](size_t, std::string) { FAIL(); }).empty());
}

TEST(FindReferences, Problems) {
  EXPECT_THAT(ReferenceProblems("a ${vars.x"), ElementsAre("2: unterminated `${`: no closing `}`"));
  EXPECT_THAT(ReferenceProblems("${}"), ElementsAre("0: empty variable reference `${}`"));
  EXPECT_THAT(ReferenceProblems("${user}"), ElementsAre("0: unknown variable `${user}`"));
  EXPECT_THAT(ReferenceProblems("x${cfg.a}"),
              ElementsAre("1: unknown variable namespace `cfg` in `${cfg.a}`"));
  EXPECT_THAT(ReferenceProblems("${env.}"),
              ElementsAre("0: missing name after `env.` in `${env.}`"));
  EXPECT_THAT(ReferenceProblems("${vars.a b}"),
              ElementsAre("0: invalid variable name `a b` in `${vars.a b}`"));
  // Every problem of a text, and the valid references around them.
  std::vector<std::string> problems;
  auto refs = FindReferences("${x} ${vars.ok} ${y}", [&](size_t offset, std::string) {
    problems.push_back(std::to_string(offset));
  });
  EXPECT_THAT(problems, ElementsAre("0", "16"));
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].name, "vars.ok");
}

TEST(Variables, Expand) {
  Variables vars("https://wiki.example", {{"user", "Tester"}, {"page", "User:${vars.user}"}},
                 "cujo-r1-3", FakeEnv({{"HOME", "/home/t"}}));
  EXPECT_EQ(vars.Expand("${base_url}/wiki/${vars.page}?u=${unique}&h=${env.HOME}"),
            "https://wiki.example/wiki/User:Tester?u=cujo-r1-3&h=/home/t");
  EXPECT_EQ(vars.Expand("no references"), "no references");
  EXPECT_EQ(vars.Expand(""), "");
}

TEST(Variables, EscapesExpandToALiteral) {
  Variables vars("", {{"x", "1"}}, "", FakeEnv({}));
  EXPECT_EQ(vars.Expand("`$${document.title}` ${vars.x} $5 $$"), "`${document.title}` 1 $5 $$");
}

TEST(Variables, UnsetEnvironmentVariable) {
  Variables vars("", {}, "", FakeEnv({}));
  try {
    vars.Expand("${env.CUJO_NOPE}");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "unset environment variable CUJO_NOPE (from ${env.CUJO_NOPE})");
  }
  try {
    vars.Expand("${secret.CUJO_PASSWORD}");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "unset environment variable CUJO_PASSWORD (from ${secret.CUJO_PASSWORD})");
  }
}

TEST(Variables, UndefinedVarAndMalformedText) {
  Variables vars("", {}, "", FakeEnv({}));
  EXPECT_THROW(vars.Expand("${vars.nope}"), ConfigError);
  EXPECT_THROW(vars.Expand("${vars.x"), ConfigError);
  EXPECT_THROW(vars.Expand("${foo.x}"), ConfigError);
}

TEST(Variables, SelfReferenceIsAConfigErrorNotARecursion) {
  Variables vars("", {{"a", "x${vars.b}"}, {"b", "${vars.a}"}, {"c", "${vars.c}"}}, "",
                 FakeEnv({}));
  try {
    vars.Expand("${vars.a}");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "variable vars.a refers to itself: vars.a -> vars.b -> vars.a");
  }
  EXPECT_THROW(vars.Expand("${vars.c}"), ConfigError);
}

TEST(Variables, VarsMayUseTheEnvironment) {
  Variables vars("", {{"login", "${env.USER_NAME}"}}, "", FakeEnv({{"USER_NAME", "Admin"}}));
  EXPECT_EQ(vars.Expand("${vars.login}"), "Admin");
}

TEST(Variables, EnvironmentValuesAreNotExpandedAgain) {
  Variables vars("", {}, "", FakeEnv({{"X", "${vars.y}"}}));
  EXPECT_EQ(vars.Expand("${env.X}"), "${vars.y}");
}

TEST(Variables, SecretsAreRecordedOnce) {
  Variables vars("", {{"pw", "${secret.PW}"}}, "", FakeEnv({{"PW", "hunter2"}, {"E", ""}}));
  EXPECT_EQ(vars.Expand("${secret.PW}/${vars.pw}"), "hunter2/hunter2");
  EXPECT_EQ(vars.Expand("${env.PW}"), "hunter2");
  EXPECT_EQ(vars.Expand("[${secret.E}]"), "[]");
  EXPECT_THAT(vars.secrets(), ElementsAre("hunter2"));
}

TEST(Variables, DefaultEnvironmentIsTheProcesss) {
  setenv("CUJO_VARIABLES_TEST", "from-env", 1);
  Variables vars("", {}, "");
  EXPECT_EQ(vars.Expand("${env.CUJO_VARIABLES_TEST}"), "from-env");
  unsetenv("CUJO_VARIABLES_TEST");
}

TEST(MaskSecrets, ReplacesEveryOccurrence) {
  EXPECT_EQ(MaskSecrets("pw=hunter2&again=hunter2", {"hunter2"}), "pw=***&again=***");
  EXPECT_EQ(MaskSecrets("nothing here", {"hunter2"}), "nothing here");
  EXPECT_EQ(MaskSecrets("", {"x"}), "");
}

// A secret sent in a URL (a form submitted with GET, a token in a query) is recorded encoded.
TEST(MaskSecrets, AlsoAsEncodedInAUrl) {
  EXPECT_EQ(MaskSecrets("/w/index.php?wpPassword=p%40ss+w%C3%B6rd&x=1", {"p@ss wörd"}),
            "/w/index.php?wpPassword=***&x=1");
  EXPECT_EQ(MaskSecrets("/cb?token=a%2Fb%20c", {"a/b c"}), "/cb?token=***");
}

TEST(MaskSecrets, IgnoresEmptySecrets) {
  EXPECT_EQ(MaskSecrets("abc", {"", "b"}), "a***c");
  EXPECT_EQ(MaskSecrets("abc", {""}), "abc");
}

TEST(MaskSecrets, LongestFirst) {
  EXPECT_EQ(MaskSecrets("token=abcdef", {"abc", "abcdef"}), "token=***");
  EXPECT_EQ(MaskSecrets("abc abcdef", {"abc", "abcdef"}), "*** ***");
}

TEST(MaskSecrets, MaskIsNotMaskedAgain) {
  EXPECT_EQ(MaskSecrets("a*b", {"a", "*"}), "******b");
  EXPECT_EQ(MaskSecrets("pw", {"pw", "**"}), "***");
}

}  // namespace
}  // namespace journeys
