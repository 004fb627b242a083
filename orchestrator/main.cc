// The cujo command line. Exit codes are a contract with deployment pipelines: 0 pass,
// 1 product failure, 2 inconclusive (infrastructure), 3 usage or configuration error.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cdp/browser.h"
#include "cdp/error.h"

namespace {

constexpr int kExitInconclusive = 2;
constexpr int kExitUsage = 3;

int RunVersion(const std::string& chromium) {
  std::cout << "cujo " << CUJO_VERSION << "\n";
  cdp::LaunchOptions options;
  options.executable = chromium;
  try {
    auto browser = cdp::Browser::Launch(options);
    std::cout << "chromium " << browser->product() << "\n";
  } catch (const cdp::Error& e) {
    std::cerr << "cujo: " << e.what() << "\n";
    return kExitInconclusive;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cujo: critical user journeys in headless Chromium, with a deployment verdict"};
  app.require_subcommand(1);
  std::string chromium;
  app.add_option("--chromium", chromium,
                 "Chromium executable (default: $CUJO_CHROMIUM or /usr/lib/chromium/chromium)");
  auto* version = app.add_subcommand("version", "Print cujo's and Chromium's versions");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  if (*version) return RunVersion(chromium);
  return kExitUsage;
}
