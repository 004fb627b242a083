// Diagnostics in the compiler format that editors and CI log viewers link to the file.
#include "journeys/diagnostic.h"

namespace journeys {

std::string Diagnostic::ToString() const {
  std::string out = location.ToString() + ": error: " + message;
  if (!hint.empty()) out += " (hint: " + hint + ")";
  return out;
}

}  // namespace journeys
