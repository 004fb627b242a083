// Duration budgets: a journey whose steps all passed can still be too slow for the build to go
// out. Budgets are percentiles over the journey's passed attempts (one attempt: its own time),
// so one slow request in traffic mode does not fail a p95 budget, and a regression that slows
// every attempt does.
#pragma once

#include <vector>

#include "artifacts/classify.h"
#include "artifacts/slo_policy.h"

namespace artifacts {

// Nearest rank: the smallest value with at least fraction `p` of `values` at or below it.
double Percentile(std::vector<double> values, double p);

// One `slow` classification per exceeded budget of `rule` (journey duration, then each step
// label or mark), measured over `passed`; evidence names the budget and the measured value.
std::vector<Classification> CheckBudgets(const std::vector<const journeys::AttemptResult*>& passed,
                                         const EffectiveRule& rule);

}  // namespace artifacts
