// Reading an SLO policy with the journey parser's Reader, so that its errors look and locate
// like journey errors (file:line:col, hints, every error at once) and a misspelt key is an
// error rather than a silently ignored budget.
#include "artifacts/slo_policy.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "journeys/yaml_documents.h"
#include "journeys/yaml_reader.h"

namespace artifacts {

namespace {

using journeys::Field;
using journeys::Reader;

const std::vector<std::string> kRuleKeys = {
    "max_failure_rate", "max_infra_rate", "min_attempts", "allow", "duration", "steps"};

const Reader::Names<FailureClass> kAllowable = {{"assertion", FailureClass::kAssertion},
                                                {"server_error", FailureClass::kServerError},
                                                {"client_error", FailureClass::kClientError},
                                                {"slow", FailureClass::kSlow},
                                                {"timeout", FailureClass::kTimeout}};

std::optional<Budget> ReadBudget(Reader& reader, const Field& field) {
  auto entries = reader.Entries(field);
  if (!entries) return std::nullopt;
  Budget budget;
  for (const Field& entry : *entries) {
    std::optional<double>* target = entry.name == "p50"   ? &budget.p50_ms
                                    : entry.name == "p95" ? &budget.p95_ms
                                                          : nullptr;
    if (!target) {
      reader.UnknownKey(entry, {"p50", "p95"}, "a budget");
      continue;
    }
    if (auto duration = reader.Duration(entry)) *target = static_cast<double>(duration->count());
  }
  if (budget.p50_ms && budget.p95_ms && *budget.p50_ms > *budget.p95_ms) {
    reader.Error(field.location, "the p50 budget is larger than the p95 budget",
                 "a median cannot exceed the 95th percentile; swap them?");
  }
  return budget;
}

SloRule ReadRule(Reader& reader, const Field& field) {
  SloRule rule;
  auto entries = reader.Entries(field);
  if (!entries) return rule;
  for (const Field& entry : *entries) {
    if (entry.name == "max_failure_rate" || entry.name == "max_infra_rate") {
      auto rate = reader.Number(entry, 0, 1, "a fraction from 0 to 1 (0.02 is 2%)");
      (entry.name == "max_failure_rate" ? rule.max_failure_rate : rule.max_infra_rate) = rate;
    } else if (entry.name == "min_attempts") {
      rule.min_attempts = reader.Int(entry, 0, 1000000, "a count of at least 0");
    } else if (entry.name == "allow") {
      auto list = reader.Elements(entry, "a list of failure classes");
      if (!list) continue;
      rule.allow.emplace();
      for (const Field& element : *list) {
        if (auto failure_class = reader.Enum(element, kAllowable, "failure class")) {
          rule.allow->insert(*failure_class);
        }
      }
    } else if (entry.name == "duration") {
      if (auto budget = ReadBudget(reader, entry)) rule.duration = *budget;
    } else if (entry.name == "steps") {
      auto steps = reader.Entries(entry);
      if (!steps) continue;
      for (const Field& step : *steps) {
        if (auto budget = ReadBudget(reader, step)) rule.steps[step.name] = *budget;
      }
    } else {
      reader.UnknownKey(entry, kRuleKeys, "a rule");
    }
  }
  return rule;
}

// Rules by name; when `valid` is not empty, names outside it are errors.
std::map<std::string, SloRule> ReadRules(Reader& reader, const Field& field,
                                         const std::vector<std::string>& valid = {}) {
  std::map<std::string, SloRule> rules;
  auto entries = reader.Entries(field);
  if (!entries) return rules;
  for (const Field& entry : *entries) {
    if (!valid.empty() && std::find(valid.begin(), valid.end(), entry.name) == valid.end()) {
      reader.UnknownKey(entry, valid, "`" + field.name + "`");
      continue;
    }
    rules[entry.name] = ReadRule(reader, entry);
  }
  return rules;
}

// `over`'s fields where it has them, `base`'s elsewhere.
SloRule Overlay(const SloRule& base, const SloRule& over) {
  SloRule out = base;
  if (over.max_failure_rate) out.max_failure_rate = over.max_failure_rate;
  if (over.max_infra_rate) out.max_infra_rate = over.max_infra_rate;
  if (over.min_attempts) out.min_attempts = over.min_attempts;
  if (over.allow) out.allow = over.allow;
  if (over.duration.p50_ms) out.duration.p50_ms = over.duration.p50_ms;
  if (over.duration.p95_ms) out.duration.p95_ms = over.duration.p95_ms;
  for (const auto& [name, budget] : over.steps) out.steps[name] = budget;
  return out;
}

}  // namespace

EffectiveRule SloPolicy::For(const std::string& journey, const std::string& tier) const {
  SloRule rule = defaults;
  if (auto it = tiers.find(tier); it != tiers.end()) rule = Overlay(rule, it->second);
  if (auto it = journeys.find(journey); it != journeys.end()) rule = Overlay(rule, it->second);
  EffectiveRule out;
  out.max_failure_rate = rule.max_failure_rate.value_or(out.max_failure_rate);
  out.max_infra_rate = rule.max_infra_rate.value_or(out.max_infra_rate);
  out.min_attempts = rule.min_attempts.value_or(out.min_attempts);
  out.allow = rule.allow.value_or(out.allow);
  out.duration = rule.duration;
  out.steps = rule.steps;
  return out;
}

std::string SloPolicy::Source() const { return file.empty() ? "built-in defaults" : file; }

std::string SloPolicy::Recorded() const {
  return file.empty() ? kBuiltInPolicy : std::filesystem::absolute(file).string();
}

ParsedPolicy ParseSloPolicy(std::string_view text, const std::string& file) {
  Reader reader(file, "SLO policy");
  ParsedPolicy parsed;
  SloPolicy policy;
  policy.file = file;
  if (auto document = journeys::LoadDocument(reader, text,
                                             "a policy holds `defaults`, `tiers` or `journeys`")) {
    if (auto entries = reader.Entries(reader.Value("the policy", *document))) {
      for (const Field& entry : *entries) {
        if (entry.name == "defaults") {
          policy.defaults = ReadRule(reader, entry);
        } else if (entry.name == "tiers") {
          // A misspelt tier would silently leave that tier's journeys to the defaults.
          policy.tiers = ReadRules(reader, entry, {"quick", "slow"});
        } else if (entry.name == "journeys") {
          policy.journeys = ReadRules(reader, entry);
        } else {
          reader.UnknownKey(entry, {"defaults", "tiers", "journeys"}, "the policy");
        }
      }
    }
  }
  parsed.errors = reader.TakeErrors();
  if (parsed.errors.empty()) parsed.policy = std::move(policy);
  return parsed;
}

std::optional<SloPolicy> LoadSloPolicy(const std::string& file,
                                       const std::vector<std::string>& journey_paths,
                                       std::vector<journeys::Diagnostic>& errors) {
  namespace fs = std::filesystem;
  std::string path = file;
  if (path.empty() && !journey_paths.empty()) {
    fs::path first(journey_paths.front());
    std::error_code ec;
    fs::path beside = (fs::is_directory(first, ec) ? first : first.parent_path()) / "slo.yaml";
    if (fs::is_regular_file(beside, ec)) path = beside.string();
  }
  if (path.empty()) return SloPolicy{};
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({journeys::Location{path, 0, 0}, "cannot read the SLO policy file", ""});
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  ParsedPolicy parsed = ParseSloPolicy(text.str(), path);
  errors.insert(errors.end(), parsed.errors.begin(), parsed.errors.end());
  return std::move(parsed.policy);
}

}  // namespace artifacts
