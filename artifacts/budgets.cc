#include "artifacts/budgets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace artifacts {

namespace {

std::string Format(double ms) {
  char buffer[32];
  if (ms >= 1000) {
    snprintf(buffer, sizeof buffer, "%.1f s", ms / 1000);
  } else {
    snprintf(buffer, sizeof buffer, "%.0f ms", ms);
  }
  return buffer;
}

void Check(const std::string& what, const std::vector<double>& samples, const Budget& budget,
           std::vector<Classification>& out) {
  if (samples.empty()) return;
  const std::pair<const char*, const std::optional<double>*> percentiles[] = {
      {"p50", &budget.p50_ms}, {"p95", &budget.p95_ms}};
  for (const auto& [name, limit] : percentiles) {
    if (!*limit) continue;
    double measured = Percentile(samples, name[1] == '5' ? 0.5 : 0.95);
    if (measured <= **limit) continue;
    Classification c;
    c.failure_class = FailureClass::kSlow;
    c.evidence.push_back(std::string(name) + " of " + what + " " + Format(measured) + " > budget " +
                         Format(**limit) + " (" + std::to_string(samples.size()) +
                         (samples.size() == 1 ? " sample)" : " samples)"));
    c.fingerprint = "slow: " + Normalize(what) + " over its " + name + " budget";
    out.push_back(std::move(c));
  }
}

}  // namespace

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

std::vector<Classification> CheckBudgets(const std::vector<const journeys::AttemptResult*>& passed,
                                         const EffectiveRule& rule) {
  std::vector<Classification> out;
  std::vector<double> durations;
  for (const auto* attempt : passed) durations.push_back(attempt->duration_ms);
  Check("the journey's duration", durations, rule.duration, out);
  for (const auto& [name, budget] : rule.steps) {
    std::vector<double> samples;
    for (const auto* attempt : passed) {
      for (const auto& step : attempt->steps) {
        if (step.label == name) samples.push_back(step.duration_ms);
      }
      for (const auto& mark : attempt->marks) {
        if (mark.name == name) samples.push_back(mark.duration_ms);
      }
    }
    Check("step `" + name + "`", samples, budget, out);
  }
  return out;
}

}  // namespace artifacts
