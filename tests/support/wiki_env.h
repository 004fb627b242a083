// Where integration tests find the test wiki and the fault proxy that the ctest fixtures `wiki`
// and `fault_proxy` start (tests/wiki/CMakeLists.txt). Link the `cujo_wiki_env` target, which
// compiles in the paths of the env files the fixtures write; the environment variables
// CUJO_WIKI_ENV and CUJO_FAULT_PROXY_ENV override them.
#pragma once

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>

namespace cujo::test {

// KEY=VALUE lines (as written by ci/wiki-up.sh); nullopt when the file cannot be read.
inline std::optional<std::map<std::string, std::string>> ReadEnvFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

inline std::string EnvFilePath(const char* override_var, const char* compiled_in) {
  const char* v = std::getenv(override_var);
  return v && *v ? v : compiled_in;
}

struct WikiEnv {
  std::string url;  // http://127.0.0.1:PORT, no trailing slash
  std::string admin_user, admin_password;
  std::string user, password;  // the plain user (Tester)
  std::string dir;
  bool test_hooks = false;  // X-Cujo-Fault honoured (always true for the ctest fixture)
};

struct FaultProxyEnv {
  std::string url;          // point the browser here instead of WikiEnv::url
  std::string control_url;  // control_url + "/__cujo_fault/set?mode=..."
};

#ifdef CUJO_WIKI_ENV_FILE
// nullopt when the `wiki` fixture has not written its env file (fixture missing or failed).
inline std::optional<WikiEnv> LoadWikiEnv() {
  auto kv = ReadEnvFile(EnvFilePath("CUJO_WIKI_ENV", CUJO_WIKI_ENV_FILE));
  if (!kv || kv->count("CUJO_WIKI_URL") == 0) return std::nullopt;
  WikiEnv e;
  e.url = (*kv)["CUJO_WIKI_URL"];
  e.admin_user = (*kv)["CUJO_WIKI_ADMIN_USER"];
  e.admin_password = (*kv)["CUJO_WIKI_ADMIN_PASSWORD"];
  e.user = (*kv)["CUJO_WIKI_USER"];
  e.password = (*kv)["CUJO_WIKI_PASSWORD"];
  e.dir = (*kv)["CUJO_WIKI_DIR"];
  e.test_hooks = (*kv)["CUJO_WIKI_TEST_HOOKS"] == "1";
  return e;
}
#endif

#ifdef CUJO_FAULT_PROXY_ENV_FILE
inline std::optional<FaultProxyEnv> LoadFaultProxyEnv() {
  auto kv = ReadEnvFile(EnvFilePath("CUJO_FAULT_PROXY_ENV", CUJO_FAULT_PROXY_ENV_FILE));
  if (!kv || kv->count("CUJO_FAULT_PROXY_URL") == 0) return std::nullopt;
  return FaultProxyEnv{(*kv)["CUJO_FAULT_PROXY_URL"], (*kv)["CUJO_FAULT_PROXY_CONTROL_URL"]};
}
#endif

}  // namespace cujo::test
