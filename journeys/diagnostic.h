// An error in a journey file, reported the way compilers do so editors can jump to it.
#pragma once

#include <string>
#include <vector>

#include "journeys/journey.h"

namespace journeys {

struct Diagnostic {
  Location location;
  std::string message;
  std::string hint;  // how to fix it; may be empty
  // "file:line:col: error: message (hint: ...)"
  std::string ToString() const;
};

}  // namespace journeys
