// Which journeys a run executes, and in what order: tier, tags and name patterns narrow the
// catalog; a shard keeps a deterministic slice of it, so N shards together run every journey
// exactly once without talking to each other.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "journeys/journey.h"

namespace orchestrator {

struct Shard {
  int index = 1;  // 1-based
  int count = 1;
  std::string ToString() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// "K/N" with 1 <= K <= N. nullopt (with `error` set) otherwise.
std::optional<Shard> ParseShard(const std::string& text, std::string* error);

struct SelectionCriteria {
  std::string tier = "all";       // quick, slow or all
  std::vector<std::string> tags;  // any of them
  std::string grep;               // ECMAScript regex on the name; empty: all
  std::string exclude;            // ECMAScript regex on the name; empty: none
  std::optional<Shard> shard;
};

// A stable 64-bit hash of the journey name (FNV-1a): the same on every machine and run.
uint64_t StableHash(const std::string& text);

// The selected journeys, longest first when `previous_durations_ms` knows them (so that the
// slowest journey does not start last), else in catalog order. Throws std::invalid_argument
// for a bad regex.
std::vector<const journeys::Journey*> SelectJourneys(
    const std::vector<journeys::Journey>& catalog, const SelectionCriteria& criteria,
    const std::map<std::string, double>& previous_durations_ms = {});

}  // namespace orchestrator
