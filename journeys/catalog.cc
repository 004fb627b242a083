// LoadCatalog: find the files, parse each, check across them; ResolveUses: flatten `uses`.
#include "journeys/catalog.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "journeys/catalog_checks.h"
#include "journeys/journey_files.h"
#include "journeys/parser.h"

namespace journeys {

namespace {

// Appends the steps and vars of the journeys `journey` uses, each once, depth first, in
// order: a used journey's own uses come before it, and later vars override earlier ones.
void AppendUsed(const Catalog& catalog, const Journey& journey, std::set<std::string>& included,
                Journey& out) {
  for (const std::string& name : journey.uses) {
    const Journey* used = catalog.Find(name);
    if (used == nullptr || !included.insert(name).second) continue;
    AppendUsed(catalog, *used, included, out);
    out.steps.insert(out.steps.end(), used->steps.begin(), used->steps.end());
    for (const auto& [var, value] : used->vars) out.vars[var] = value;
  }
}

}  // namespace

const Journey* Catalog::Find(const std::string& name) const {
  auto it = std::find_if(journeys.begin(), journeys.end(),
                         [&](const Journey& journey) { return journey.name == name; });
  return it == journeys.end() ? nullptr : &*it;
}

Catalog LoadCatalog(const std::vector<std::string>& paths) {
  Catalog catalog;
  std::vector<ParsedJourney> parsed;
  for (const std::string& file : FindJourneyFiles(paths, catalog.errors)) {
    auto text = ReadJourneyFile(file, catalog.errors);
    if (!text) continue;
    parsed.push_back(ParseJourney(*text, file));
    const auto& errors = parsed.back().errors;
    catalog.errors.insert(catalog.errors.end(), errors.begin(), errors.end());
  }
  CheckAcrossFiles(parsed, catalog.errors);
  for (ParsedJourney& file : parsed) {
    if (file.journey) catalog.journeys.push_back(std::move(*file.journey));
  }
  // Files are read in order; cross-file errors are sorted into them.
  std::stable_sort(catalog.errors.begin(), catalog.errors.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.location.file, a.location.line, a.location.column) <
                            std::tie(b.location.file, b.location.line, b.location.column);
                   });
  return catalog;
}

Journey ResolveUses(const Catalog& catalog, const Journey& journey) {
  Journey out = journey;
  out.steps.clear();
  out.vars.clear();
  out.uses.clear();
  std::set<std::string> included = {journey.name};
  AppendUsed(catalog, journey, included, out);
  out.steps.insert(out.steps.end(), journey.steps.begin(), journey.steps.end());
  for (const auto& [var, value] : journey.vars) out.vars[var] = value;
  return out;
}

}  // namespace journeys
