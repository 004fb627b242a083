// What every attempt's page needs before its first step, in two parts. The part that is the
// same for every journey of a run (cujo's isolated world with its scripts and timing binding,
// the run's user agent and extra headers; the default viewport comes with the page) is sent
// once per page as soon as the page exists: a page made ahead of its journey
// (orchestrator/scheduler.cc) is ready when the journey starts. What a journey asks for beyond it
// (a viewport or preset of its own) is sent at the start of its attempt, and only then.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cdp/connection.h"
#include "cdp/isolated_world.h"
#include "cdp/page.h"
#include "journeys/journey.h"

namespace journeys {

struct PageSetup {
  std::string user_agent;                            // empty: the browser's
  std::map<std::string, std::string> extra_headers;  // sent with every request
};

// Sends the run's part in one round trip and returns cujo's world in `page` (RunAttempt's).
// `page` must come from cdp::BrowserContext::NewPage with its default viewport. Throws
// cdp::Error.
std::unique_ptr<cdp::IsolatedWorld> PreparePage(cdp::Page& page, const PageSetup& setup);

// The commands that give a prepared page the viewport (and a preset's user agent, followed by
// `user_agent_suffix`) that `viewport` asks for: none for the one NewPage gave it.
std::vector<cdp::Connection::Command> ViewportCommands(const ViewportSpec& viewport,
                                                       const std::string& user_agent_suffix);

}  // namespace journeys
