// JavaScript that cujo runs inside pages, kept as .js files in the source tree (readable,
// lintable) and compiled into the binary so that nothing is read from disk at run time.
#pragma once

namespace journeys {

// Both run at the start of every document, in cujo's isolated world.
extern const char kPageHelpersJs[];  // page_helpers.js: defines globalThis.__cujo
extern const char kVitalsJs[];       // vitals.js: defines globalThis.__cujo_vitals

// The binding through which vitals.js sends the main frame's timing (a JSON string, as
// Runtime.bindingCalled events): the name is also written in vitals.js.
inline constexpr char kTimingBinding[] = "__cujo_timing";

}  // namespace journeys
