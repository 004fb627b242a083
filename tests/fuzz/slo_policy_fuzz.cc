// Fuzz target: ParseSloPolicy on arbitrary bytes. The policy is a YAML file edited by hand next
// to the journeys; a parser crash or hang would take the gate down with it. Its result must keep
// its contract: a policy or errors, never both, never neither, every error located in the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "artifacts/slo_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  artifacts::ParsedPolicy parsed = artifacts::ParseSloPolicy(text, "slo.yaml");
  if (parsed.policy.has_value() == !parsed.errors.empty()) std::abort();
  for (const journeys::Diagnostic& error : parsed.errors) {
    if (error.message.empty() || error.location.file != "slo.yaml") std::abort();
  }
  if (parsed.policy) {
    const artifacts::EffectiveRule rule = parsed.policy->For("any", "quick");
    if (rule.max_failure_rate < 0 || rule.max_failure_rate > 1) std::abort();
  }
  return 0;
}
