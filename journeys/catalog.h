// The set of journeys a run or `cujo validate` sees: loaded from files and directories,
// parsed, and checked across files (duplicate names, `uses` that are missing or form a cycle,
// variables that nothing defines). Nothing runs unless the whole catalog is valid.
#pragma once

#include <string>
#include <vector>

#include "journeys/diagnostic.h"
#include "journeys/journey.h"

namespace journeys {

struct Catalog {
  std::vector<Journey> journeys;   // sorted by file path
  std::vector<Diagnostic> errors;  // every error of every file
  bool ok() const { return errors.empty(); }
  const Journey* Find(const std::string& name) const;
};

// `paths`: files, or directories searched recursively for *.yaml, *.yml and *.json.
// A path that does not exist is an error naming it.
Catalog LoadCatalog(const std::vector<std::string>& paths);

// The journey with the steps of its `uses` (recursively, in order; a journey reached twice
// runs once, at its first place) before its own, their vars merged under its own (a later
// used journey's over an earlier one's), and `uses` emptied. Requires a valid catalog.
Journey ResolveUses(const Catalog& catalog, const Journey& journey);

}  // namespace journeys
