// Which files a run or `cujo validate` reads: files named on the command line, and the
// journey files (*.yaml, *.yml, *.json) found recursively in directories.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "journeys/diagnostic.h"

namespace journeys {

// Journey files are small; anything larger is not one.
constexpr size_t kMaxJourneyFileBytes = 1 << 20;

// Every file of `paths`, once each, sorted. Paths that do not exist, unreadable directories
// and directories without journey files are reported in `errors`.
std::vector<std::string> FindJourneyFiles(const std::vector<std::string>& paths,
                                          std::vector<Diagnostic>& errors);

// The contents of `path`; nullopt (reported) when it cannot be read.
std::optional<std::string> ReadJourneyFile(const std::string& path,
                                           std::vector<Diagnostic>& errors);

}  // namespace journeys
