#include "tests/integration/fault_proxy_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/cujo_process.h"
#include "tests/support/wiki_env.h"

namespace cujo_test {

namespace {

const cujo::test::FaultProxyEnv* Env() {
  static const auto env = cujo::test::LoadFaultProxyEnv();
  if (!env) ADD_FAILURE() << "the fault proxy is not up (ctest fixture `fault_proxy`)";
  return env ? &*env : nullptr;
}

}  // namespace

std::string FaultProxyUrl() { return Env() ? Env()->url : ""; }

std::string FaultProxyControl(const std::string& request) {
  return Env() ? HttpGet(Env()->control_url + "/__cujo_fault/" + request) : "";
}

nlohmann::json FaultProxyLog() {
  return nlohmann::json::parse(FaultProxyControl("log"), nullptr, /*allow_exceptions=*/false);
}

namespace {

// Polls the proxy's log (it cannot push it) until an entry satisfies `match`.
template <typename Match>
bool WaitForLogEntry(std::chrono::milliseconds timeout, Match match) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const nlohmann::json log = FaultProxyLog();
    if (log.contains("entries")) {
      for (const auto& entry : log["entries"]) {
        if (match(entry)) return true;
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

bool FaultProxySaw(const std::string& needle, std::chrono::milliseconds timeout) {
  return WaitForLogEntry(timeout, [&](const nlohmann::json& entry) {
    return entry.value("target", std::string()).find(needle) != std::string::npos;
  });
}

bool FaultProxyHolding(std::chrono::milliseconds timeout) {
  return WaitForLogEntry(timeout, [](const nlohmann::json& entry) {
    std::string fault = entry.value("fault", std::string());
    return entry.value("outcome", std::string()) == "pending" &&
           (fault == "slow" || fault == "stall");
  });
}

FaultRules::FaultRules(const std::vector<std::string>& rules) {
  FaultProxyControl("clear");
  FaultProxyControl("log?clear=1");
  for (const auto& rule : rules) FaultProxyControl("add?" + rule);
}

FaultRules::~FaultRules() { FaultProxyControl("clear"); }

}  // namespace cujo_test
