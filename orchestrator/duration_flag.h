// Durations as people type them on a command line: 500ms, 30s, 5m, 1h, or plain milliseconds.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace orchestrator {

std::optional<std::chrono::milliseconds> ParseDurationFlag(const std::string& text);

}  // namespace orchestrator
