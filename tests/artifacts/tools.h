// The programs the artifacts tests judge cujo's outputs with, started like cujo starts its
// browsers (own process group, killed with the test, never outliving it): xmllint against the
// JUnit schema, promtool, curl, and a real Prometheus Pushgateway on a loopback port.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cdp/process.h"
#include "cdp/temp_dir.h"

namespace cujo_test {

struct ToolResult {
  int exit_code = -1;
  std::string output;  // stdout, then stderr
};

struct ToolOptions {
  std::string stdin_path = "/dev/null";
  std::vector<std::pair<std::string, std::string>> env;  // on top of the test's environment
  std::chrono::seconds timeout{60};
};

// Runs `executable` (a full path) and waits for it; exit code -1 when it ran out of time.
ToolResult RunTool(const std::string& executable, const std::vector<std::string>& args,
                   const ToolOptions& options = {});

// xmllint --noout --schema tests/artifacts/junit.xsd `path`.
ToolResult ValidateJUnit(const std::string& path);
// xmllint --xpath `expression` `path`: XML read by a real parser; the answer without the
// newline xmllint adds.
ToolResult XPath(const std::string& path, const std::string& expression);
// promtool check metrics < `path`: the exposition format and Prometheus' naming lints.
ToolResult CheckMetrics(const std::string& path);
// The body at `url` (curl -sf), or "" when it could not be fetched.
std::string Fetch(const std::string& url);

// prometheus-pushgateway on 127.0.0.1, on a port the kernel picked, persisting nowhere that
// outlives it. Stopped (its process group killed) on destruction.
class Pushgateway {
 public:
  Pushgateway();
  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT
  std::string Metrics() const { return Fetch(url_ + "/metrics"); }

 private:
  cdp::TempDir dir_{"cujo-pushgateway-"};
  std::unique_ptr<cdp::ChildProcess> process_;
  std::string url_;
};

}  // namespace cujo_test
