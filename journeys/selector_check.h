// Selectors are interpreted by the executor in the page (CSS, `text=...`, `xpath=...`); what
// can be checked without a page is checked when the file is validated.
#pragma once

#include <optional>
#include <string>

namespace journeys {

// nullopt when `selector` is well formed; else why it is not.
std::optional<std::string> SelectorProblem(const std::string& selector);

}  // namespace journeys
