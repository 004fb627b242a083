// cujo's CDP client measured against itself over both transports and against puppeteer-core,
// all on one browser in one run, so the ratios compare like with like. Prints figures; it
// passes or fails nothing (a slow machine is not a bug).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "cdp/browser.h"
#include "cdp/page.h"
#include "cdp/process.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double median_us = 0;
  double p99_us = 0;
};

Figures Measure(int iterations, const std::function<void()>& body) {
  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    auto start = Clock::now();
    body();
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    return samples[std::min(samples.size() - 1, static_cast<size_t>(q * samples.size()))];
  };
  return {at(0.5), at(0.99)};
}

Figures EvaluateLoop(cdp::Browser& browser, int iterations) {
  auto context = browser.NewContext();
  auto page = context->NewPage();
  for (int i = 0; i < 50; ++i) page->Evaluate("1+1");  // warm-up
  return Measure(iterations, [&] { page->Evaluate("1+1"); });
}

std::optional<Figures> PuppeteerLoop(const std::string& script, const std::string& ws_url,
                                     int iterations) {
  cdp::ProcessSpec spec;
  spec.executable = "/usr/bin/node";
  spec.args = {script, ws_url, std::to_string(iterations)};
  try {
    auto node = cdp::ChildProcess::Spawn(spec);
    auto line = node->WaitForOutputLine("median_us", std::chrono::minutes(2));
    if (!line) {
      std::fprintf(stderr, "puppeteer run failed:\n%s\n", node->OutputTail().c_str());
      return std::nullopt;
    }
    auto json = cdp::Json::parse(*line);
    return Figures{json["median_us"].get<double>(), json["p99_us"].get<double>()};
  } catch (const std::exception& e) {
    std::fprintf(stderr, "puppeteer run failed: %s\n", e.what());
    return std::nullopt;
  }
}

void Row(const char* what, const Figures& f) {
  std::printf("  %-34s %9.0f us %9.0f us\n", what, f.median_us, f.p99_us);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  const int iterations = 1000;
  const std::string puppeteer_script = argc > 1 ? argv[1] : "";

  Figures launch = Measure(5, [] { cdp::Browser::Launch({})->Close(); });

  cdp::LaunchOptions options;
  options.debug_port = true;  // pipe for cujo, plus a port for the websocket clients
  auto browser = cdp::Browser::Launch(options);
  std::string http_endpoint = "http://127.0.0.1:" + std::to_string(browser->debug_port());
  std::string ws_url = cdp::ResolveBrowserWebSocketUrl(http_endpoint, std::chrono::seconds(5));

  Figures pipe = EvaluateLoop(*browser, iterations);
  Figures websocket = EvaluateLoop(*cdp::Browser::Connect(http_endpoint, {}), iterations);
  std::optional<Figures> puppeteer;
  if (!puppeteer_script.empty()) puppeteer = PuppeteerLoop(puppeteer_script, ws_url, iterations);

  Figures contexts = Measure(20, [&] {
    auto context = browser->NewContext();
    context->NewPage();
  });
  auto context = browser->NewContext();
  auto page = context->NewPage({1280, 900});
  page->Navigate("data:text/html,<h1>cujo</h1><p>screenshot benchmark</p>");
  Figures screenshot = Measure(20, [&] { page->Screenshot(); });

  std::printf("cujo CDP benchmark on %s\n", browser->product().c_str());
  std::printf("  %-34s %12s %12s\n", "", "median", "p99");
  std::printf("Runtime.evaluate(\"1+1\") round trip, %d sequential calls:\n", iterations);
  Row("cujo, pipe", pipe);
  Row("cujo, websocket", websocket);
  if (puppeteer) {
    Row("puppeteer-core, websocket", *puppeteer);
    std::printf("  ratio cujo pipe / puppeteer-core:   %.2fx median, %.2fx p99\n",
                pipe.median_us / puppeteer->median_us, pipe.p99_us / puppeteer->p99_us);
  } else {
    std::printf("  puppeteer-core: not run (pass ci/bench/puppeteer_rtt.mjs; see ci/bench.sh)\n");
  }
  std::printf("Browser lifecycle:\n");
  Row("launch to ready + teardown (x5)", launch);
  Row("context + page create, dispose (x20)", contexts);
  Row("screenshot 1280x900 PNG (x20)", screenshot);
  std::printf("Target: pipe median <= 300 us and below puppeteer-core's.\n");
  return 0;
}
