// The validate command over LoadCatalog, which does all the checking.
#include "journeys/validate_command.h"

#include <set>

#include "journeys/catalog.h"

namespace journeys {

namespace {

constexpr int kExitConfigError = 3;

std::string Count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

int RunValidate(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err,
                const std::vector<Diagnostic>& more_errors) {
  Catalog catalog = LoadCatalog(paths);
  std::vector<Diagnostic> errors = catalog.errors;
  errors.insert(errors.end(), more_errors.begin(), more_errors.end());
  std::set<std::string> files, invalid_files;
  for (const Journey& journey : catalog.journeys) files.insert(journey.location.file);
  for (const Diagnostic& error : errors) {
    err << error.ToString() << "\n";
    files.insert(error.location.file);
    invalid_files.insert(error.location.file);
  }
  if (errors.empty()) {
    out << Count(catalog.journeys.size(), "journey") << " valid\n";
    return 0;
  }
  err << Count(errors.size(), "error") << " in " << invalid_files.size() << " of "
      << Count(files.size(), "file") << "\n";
  return kExitConfigError;
}

}  // namespace journeys
