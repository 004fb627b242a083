// `cujo validate PATH...`: checks journey files without running anything and prints every
// error the way compilers do.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "journeys/diagnostic.h"

namespace journeys {

// Prints each error to `err` as "file:line:col: error: message (hint: ...)", then a summary
// ("2 errors in 1 of 3 files" to `err`, or "3 journeys valid" to `out`). Returns 0 when
// every journey is valid, 3 (a configuration error) when not. `more_errors` are those of
// files found beside the journeys that `cujo run` would refuse too (the SLO policy).
int RunValidate(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                const std::vector<Diagnostic>& more_errors = {});

}  // namespace journeys
