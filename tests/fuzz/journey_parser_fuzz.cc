// Fuzz target: ParseJourney on arbitrary bytes. Journey files come from anyone who can open a
// pull request, so the parser must never crash, hang or throw, whatever it is given; and its
// result must keep its contract (a journey or errors, never both, never neither).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "journeys/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  journeys::ParsedJourney parsed = journeys::ParseJourney(text, "fuzz.yaml");
  if (parsed.journey.has_value() == !parsed.errors.empty()) std::abort();
  for (const journeys::Diagnostic& error : parsed.errors) {
    if (error.message.empty() || error.location.file != "fuzz.yaml") std::abort();
  }
  if (parsed.journey && (parsed.journey->name.empty() || parsed.journey->steps.empty())) {
    std::abort();
  }
  return 0;
}
