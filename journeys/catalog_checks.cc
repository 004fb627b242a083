// Cross-file checks. Only journeys without errors of their own take part in the `uses` and
// variable checks, so that one mistake is not reported again as its consequences; names of
// invalid journeys still count as existing.
#include "journeys/catalog_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "journeys/did_you_mean.h"

namespace journeys {

namespace {

class CrossChecker {
 public:
  CrossChecker(const std::vector<ParsedJourney>& files, std::vector<Diagnostic>& errors)
      : files_(files), errors_(errors) {
    for (const ParsedJourney& file : files_) {
      if (file.sources.name.empty()) continue;
      auto [first, inserted] = by_name_.emplace(file.sources.name, &file);
      if (inserted) {
        names_.push_back(file.sources.name);
      } else {
        Error(file.sources.name_location, "duplicate journey name `" + file.sources.name + "`",
              "also the name of " + first->second->sources.name_location.ToString());
      }
    }
  }

  void CheckUses() {
    for (const ParsedJourney& file : files_) {
      if (!file.journey) continue;
      for (size_t i = 0; i < file.journey->uses.size(); ++i) {
        const std::string& name = file.journey->uses[i];
        if (by_name_.count(name) == 0) {
          Error(file.sources.uses[i], "`uses` names an unknown journey `" + name + "`",
                DidYouMean(name, names_, ""));
        }
      }
    }
    for (const ParsedJourney& file : files_) {
      if (file.journey) FindCycles(file);
    }
  }

  void CheckVariables() {
    for (const ParsedJourney& file : files_) {
      if (!file.journey) continue;
      std::set<std::string> defined;
      std::set<std::string> visited;
      if (!CollectVars(file, defined, visited)) continue;  // a used journey is missing
      std::vector<std::string> candidates(defined.begin(), defined.end());
      for (const VariableUse& use : file.sources.vars) {
        if (defined.count(use.name) != 0) continue;
        std::string hint = DidYouMean(use.name, candidates, "");
        Error(use.location, "unknown variable `vars." + use.name + "`",
              hint.empty() ? "define it under `vars:` here or in a journey this one uses" : hint);
      }
    }
  }

 private:
  void Error(const Location& location, std::string message, std::string hint) {
    errors_.push_back(Diagnostic{location, std::move(message), std::move(hint)});
  }

  // The valid journey named `name`, or nullptr.
  const ParsedJourney* Valid(const std::string& name) const {
    auto it = by_name_.find(name);
    return it != by_name_.end() && it->second->journey ? it->second : nullptr;
  }

  // Depth-first search; a `uses` entry naming a journey still on the path closes a cycle,
  // reported there once.
  void FindCycles(const ParsedJourney& file) {
    const std::string& name = file.journey->name;
    if (done_.count(name) != 0) return;
    path_.push_back(name);
    for (size_t i = 0; i < file.journey->uses.size(); ++i) {
      const std::string& used = file.journey->uses[i];
      auto on_path = std::find(path_.begin(), path_.end(), used);
      if (on_path != path_.end()) {
        std::string cycle;
        for (auto it = on_path; it != path_.end(); ++it) cycle += *it + " -> ";
        Error(file.sources.uses[i], "`uses` makes a cycle: " + cycle + used,
              "a journey cannot use itself, directly or through others");
      } else if (const ParsedJourney* next = Valid(used)) {
        FindCycles(*next);
      }
    }
    path_.pop_back();
    done_.insert(name);
  }

  // The vars of `file` and of the journeys it uses, transitively; false when one of those is
  // missing or invalid (its vars are unknown).
  bool CollectVars(const ParsedJourney& file, std::set<std::string>& defined,
                   std::set<std::string>& visited) const {
    if (!visited.insert(file.journey->name).second) return true;
    for (const auto& [var, value] : file.journey->vars) defined.insert(var);
    for (const std::string& used : file.journey->uses) {
      const ParsedJourney* next = Valid(used);
      if (next == nullptr || !CollectVars(*next, defined, visited)) return false;
    }
    return true;
  }

  const std::vector<ParsedJourney>& files_;
  std::vector<Diagnostic>& errors_;
  std::map<std::string, const ParsedJourney*> by_name_;
  std::vector<std::string> names_;
  std::vector<std::string> path_;
  std::set<std::string> done_;
};

}  // namespace

void CheckAcrossFiles(const std::vector<ParsedJourney>& files, std::vector<Diagnostic>& errors) {
  CrossChecker checker(files, errors);
  checker.CheckUses();
  checker.CheckVariables();
}

}  // namespace journeys
