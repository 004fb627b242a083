// The gate's policy: how much failure and slowness a build may show before it is rolled back,
// and how little evidence is too little to decide (docs/slo.md). Written in YAML by the people
// who own the journeys; rules per tier and per journey (the journey's rule wins, field by field).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "artifacts/classify.h"
#include "journeys/diagnostic.h"

namespace artifacts {

// Nearest-rank percentiles of a duration, in milliseconds.
struct Budget {
  std::optional<double> p50_ms;
  std::optional<double> p95_ms;
};

// One rule as written: every field optional, so that a journey's rule overrides only what it
// names of its tier's rule, which overrides only what it names of `defaults`.
struct SloRule {
  std::optional<double> max_failure_rate;  // product failures / runs, 0..1
  std::optional<double> max_infra_rate;    // runs that ended in infra failures / runs, 0..1
  std::optional<int> min_attempts;         // runs (an attempt and its retries) that were not infra
  std::optional<std::set<FailureClass>> allow;  // product classes that never roll back
  Budget duration;                              // of the whole attempt
  std::map<std::string, Budget> steps;          // by step label or mark name
};

// A rule with every field decided: what Summarize applies to one journey.
struct EffectiveRule {
  double max_failure_rate = 0;
  double max_infra_rate = 0;
  int min_attempts = 1;
  std::set<FailureClass> allow;
  Budget duration;
  std::map<std::string, Budget> steps;
};

struct SloPolicy {
  std::string file;  // the file it came from, as given; empty for the built-in defaults
  SloRule defaults;
  std::map<std::string, SloRule> tiers;
  std::map<std::string, SloRule> journeys;

  EffectiveRule For(const std::string& journey, const std::string& tier) const;
  // Where it came from, for people: the file, or "built-in defaults".
  std::string Source() const;
  // What a run records of it (run.slo_policy): `file` as an absolute path, or kBuiltInPolicy.
  std::string Recorded() const;
};

// run.slo_policy of a run judged under the built-in defaults. Recording nothing instead would
// read back as "slo.yaml beside the journeys", which someone may have added since the run.
inline constexpr const char* kBuiltInPolicy = "built-in";

struct ParsedPolicy {
  std::optional<SloPolicy> policy;  // set when there were no errors
  std::vector<journeys::Diagnostic> errors;
};

// Never throws on bad input: every error is reported with file:line:col.
ParsedPolicy ParseSloPolicy(std::string_view text, const std::string& file);

// The policy for a run: `file` when given; else slo.yaml beside the first journey path (the
// directory itself, or a file's directory) when it exists; else the built-in defaults.
// `errors` is filled (and nullopt returned) when the file cannot be read or parsed.
std::optional<SloPolicy> LoadSloPolicy(const std::string& file,
                                       const std::vector<std::string>& journey_paths,
                                       std::vector<journeys::Diagnostic>& errors);

}  // namespace artifacts
