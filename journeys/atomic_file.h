// Files that readers (a CI job, a QA engineer, a crashed run's successor) may open at any
// moment are written to a temporary name and renamed into place: never seen half-written.
#pragma once

#include <string>
#include <string_view>

namespace journeys {

// Throws std::runtime_error naming the path and the cause.
void WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace journeys
