// JavaScript that cujo runs inside pages, kept as .js files in the source tree (readable,
// lintable) and compiled into the binary so that nothing is read from disk at run time.
#pragma once

namespace journeys {

extern const char kPageHelpersJs[];  // page_helpers.js: an expression evaluating to a factory
extern const char kVitalsJs[];       // vitals.js: run at the start of every document

}  // namespace journeys
