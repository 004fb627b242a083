// Runs one attempt of one journey on a page the caller prepared (fresh context, viewport),
// step by step, and returns everything it recorded. It never throws for what happens in the
// page or the browser: failures, crashes and disconnects end up in the result.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "cdp/isolated_world.h"
#include "cdp/page.h"
#include "journeys/artifact_sink.h"
#include "journeys/journey.h"
#include "journeys/result.h"
#include "journeys/variables.h"

namespace journeys {

struct AttemptOptions {
  std::string base_url;
  Milliseconds step_timeout{10000};
  Milliseconds journey_timeout{60000};  // the journey's own `timeout` wins
  int attempt = 1;
  std::string unique;                 // ${unique}
  std::string user_agent_suffix;      // appended to a journey's own user agent (mobile preset)
  ArtifactSink* artifacts = nullptr;  // screenshots and DOM; none if null
  Variables::EnvLookup env;           // default: the process environment
  // Checked between steps: a run being stopped ends the attempt as a browser error.
  const std::atomic<bool>* cancelled = nullptr;
  // Compares a `screenshot` step that names a baseline with the stored one (artifacts/ does
  // the image work). Returns the failure, or nullopt when within tolerance or when the
  // baseline was (re)written. Without it, baselines are not checked. `masks`: the boxes of the
  // elements matching the step's `mask` selectors, in `png`'s pixels, collected just before the
  // screenshot (the hook cannot reach the page).
  std::function<std::optional<StepError>(const Step& step, const std::string& png,
                                         const std::string& screenshot_path,
                                         const std::vector<Box>& masks)>
      compare_baseline;
  // Called once the page is set up, before the first step (whether or not the set-up worked).
  std::function<void()> on_page_ready;
};

// `journey` must have its `uses` resolved (ResolveUses). `world`: PreparePage's for `page`
// (journeys/page_setup.h).
AttemptResult RunAttempt(cdp::Page& page, cdp::IsolatedWorld& world, const Journey& journey,
                         const AttemptOptions& options);

}  // namespace journeys
