// The C++ side of the test-wiki contract: what tests/support/wiki_env.h reads from the env file
// the `wiki` fixture writes (see tests/wiki/CMakeLists.txt).
#include "tests/support/wiki_env.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace {

TEST(WikiEnv, FixtureWroteTheEnvFile) {
  auto env = cujo::test::LoadWikiEnv();
  ASSERT_TRUE(env.has_value()) << "no env file at " << CUJO_WIKI_ENV_FILE;
  EXPECT_EQ(env->url.rfind("http://127.0.0.1:", 0), 0u) << env->url;
  EXPECT_NE(env->url.back(), '/');
  EXPECT_EQ(env->admin_user, "Admin");
  EXPECT_EQ(env->user, "Tester");
  EXPECT_GE(env->password.size(), 10u);
  EXPECT_GE(env->admin_password.size(), 10u);
  EXPECT_TRUE(env->test_hooks) << "the ctest fixture runs wiki-up.sh --test-hooks";
}

TEST(WikiEnv, ReadEnvFileParsesKeyValueLines) {
  std::string path = ::testing::TempDir() + "wiki_env_test.env";
  {
    std::ofstream out(path);
    out << "# comment\nA=1\nB=x=y\n\nnot a pair\n";
  }
  auto kv = cujo::test::ReadEnvFile(path);
  std::remove(path.c_str());
  ASSERT_TRUE(kv.has_value());
  EXPECT_EQ(kv->size(), 2u);
  EXPECT_EQ(kv->at("A"), "1");
  EXPECT_EQ(kv->at("B"), "x=y");
  EXPECT_FALSE(cujo::test::ReadEnvFile(path).has_value());
}

}  // namespace
