#include "journeys/page_setup.h"

#include <utility>

#include "cdp/browser.h"

#include "journeys/page_scripts.h"

namespace journeys {

namespace {

// The isolated world cujo's page scripts run in; the page never sees the name.
constexpr char kWorldName[] = "cujo";

void AppendMetrics(const ViewportSpec& viewport, std::vector<cdp::Connection::Command>& commands) {
  commands.push_back({"Emulation.setDeviceMetricsOverride",
                      {{"width", viewport.width},
                       {"height", viewport.height},
                       {"deviceScaleFactor", viewport.device_scale_factor},
                       {"mobile", viewport.mobile}}});
  if (viewport.mobile) {
    commands.push_back(
        {"Emulation.setTouchEmulationEnabled", {{"enabled", true}, {"maxTouchPoints", 5}}});
  }
}

}  // namespace

std::unique_ptr<cdp::IsolatedWorld> PreparePage(cdp::Page& page, const PageSetup& setup) {
  auto world = std::make_unique<cdp::IsolatedWorld>(page, kWorldName);
  // One round trip: each of these waits on the renderer, which may still be starting.
  std::vector<cdp::Connection::Command> commands;
  commands.push_back(world->AddBinding(kTimingBinding));
  commands.push_back(world->AddScript(kVitalsJs));
  commands.push_back(world->AddScript(kPageHelpersJs));
  if (!setup.user_agent.empty()) {
    commands.push_back({"Emulation.setUserAgentOverride", {{"userAgent", setup.user_agent}}});
  }
  if (!setup.extra_headers.empty()) {
    commands.push_back({"Network.setExtraHTTPHeaders", {{"headers", setup.extra_headers}}});
  }
  page.CallAll(std::move(commands));
  return world;
}

std::vector<cdp::Connection::Command> ViewportCommands(const ViewportSpec& viewport,
                                                       const std::string& user_agent_suffix) {
  const cdp::Viewport standard;  // what cdp::BrowserContext::NewPage gave the page
  std::vector<cdp::Connection::Command> commands;
  if (viewport.width != standard.width || viewport.height != standard.height ||
      viewport.device_scale_factor != standard.device_scale_factor ||
      viewport.mobile != standard.mobile) {
    AppendMetrics(viewport, commands);
  }
  if (!viewport.user_agent.empty()) {
    commands.push_back({"Emulation.setUserAgentOverride",
                        {{"userAgent", viewport.user_agent + user_agent_suffix}}});
  }
  return commands;
}

}  // namespace journeys
