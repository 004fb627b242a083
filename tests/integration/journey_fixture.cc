#include "tests/integration/journey_fixture.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "journeys/page_setup.h"

namespace cujo_test {

const cujo::test::WikiEnv& Wiki() {
  static const auto env = cujo::test::LoadWikiEnv();
  if (!env) {
    ADD_FAILURE() << "the test wiki is not up (ctest fixture `wiki`; see tests/wiki)";
    static const cujo::test::WikiEnv none;
    return none;
  }
  return *env;
}

cdp::Browser& SharedBrowser() {
  static std::unique_ptr<cdp::Browser> browser = cdp::Browser::Launch({});
  return *browser;
}

const journeys::Catalog& BundledCatalog() {
  static const journeys::Catalog catalog = journeys::LoadCatalog({BUNDLED_JOURNEYS_DIR});
  return catalog;
}

journeys::AttemptResult RunAgainstWiki(const journeys::Journey& journey,
                                       const std::string& artifacts_dir,
                                       journeys::Milliseconds step_timeout,
                                       const std::string& base_url) {
  const auto& wiki = Wiki();
  journeys::DirectoryArtifactSink sink(artifacts_dir);
  journeys::AttemptOptions options;
  options.base_url = base_url.empty() ? wiki.url : base_url;
  options.step_timeout = step_timeout;
  // Fresh per process and attempt: the wiki keeps pages and accounts of earlier runs.
  static std::random_device random;
  options.unique = "cujotest" + std::to_string(random());
  options.artifacts = &sink;
  options.env = [&wiki](const std::string& name) -> std::optional<std::string> {
    if (name == "CUJO_WIKI_USER") return wiki.user;
    if (name == "CUJO_WIKI_PASSWORD") return wiki.password;
    const char* value = std::getenv(name.c_str());
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  auto context = SharedBrowser().NewContext();
  auto page = context->NewPage();
  auto world = journeys::PreparePage(*page, {});
  return journeys::RunAttempt(*page, *world, journey, options);
}

}  // namespace cujo_test
