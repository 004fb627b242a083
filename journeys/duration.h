// Durations as people write them in journey files: "500ms", "30s", "1.5s", "2m", or a bare
// number of milliseconds.
#pragma once

#include <optional>
#include <string>

#include "journeys/journey.h"

namespace journeys {

// The longest duration a journey may ask for; longer ones are surely typos.
constexpr Milliseconds kMaxDuration{24 * 60 * 60 * 1000};

// nullopt (with `error` set) when `text` is not a positive duration up to kMaxDuration.
std::optional<Milliseconds> ParseDuration(const std::string& text, std::string* error);

}  // namespace journeys
