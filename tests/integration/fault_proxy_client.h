// The test side of cujo-fault-proxy (tests/support/fault_proxy.cc): its address, its rules and
// the requests it saw. The proxy's rules are global: a test that sets them takes the ctest
// RESOURCE_LOCK fault_proxy.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cujo_test {

// Point the browser here instead of at the wiki; "" (and a test failure) without the fixture.
std::string FaultProxyUrl();
// GET /__cujo_fault/REQUEST on the control port: "set?mode=...", "clear", "log", ...
std::string FaultProxyControl(const std::string& request);
// The requests the proxy saw since the log was last cleared.
nlohmann::json FaultProxyLog();
// Waits (bounded) until the proxy has seen a request whose target contains `needle`.
bool FaultProxySaw(const std::string& needle, std::chrono::milliseconds timeout);

// Waits (bounded) until the proxy holds a request unanswered because of a `slow` or `stall`
// rule: the browser is then certainly in the middle of a step.
bool FaultProxyHolding(std::chrono::milliseconds timeout);

// Fault rules for a scope: the log cleared and `rules` added on construction (each an "add?"
// query such as "mode=slow&ms=3000&path=Main_Page"), every rule cleared on destruction.
class FaultRules {
 public:
  explicit FaultRules(const std::vector<std::string>& rules = {});
  ~FaultRules();
  FaultRules(const FaultRules&) = delete;
  FaultRules& operator=(const FaultRules&) = delete;
};

}  // namespace cujo_test
