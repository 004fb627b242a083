#include "tests/artifacts/tools.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace cujo_test {

ToolResult RunTool(const std::string& executable, const std::vector<std::string>& args,
                   const ToolOptions& options) {
  // The output goes to files (read once the tool has exited), not through a pipe whose last
  // bytes may still be in flight when the exit is seen.
  cdp::TempDir dir("cujo-tool-");
  std::string out = dir.path() + "/out", err = dir.path() + "/err";
  cdp::ProcessSpec spec;
  spec.executable = "/bin/sh";
  const char* script = "in=$1 out=$2 err=$3; shift 3; exec \"$@\" <\"$in\" >\"$out\" 2>\"$err\"";
  spec.args = {"-c", script, "sh", options.stdin_path, out, err, executable};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.env = options.env;
  auto process = cdp::ChildProcess::Spawn(spec);
  auto status = process->WaitForExit(options.timeout);
  process->Terminate();
  ToolResult result;
  if (status) result.exit_code = status->signal ? 128 + status->signal : status->code;
  for (const std::string& path : {out, err}) {
    std::ifstream in(path, std::ios::binary);
    result.output.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return result;
}

ToolResult ValidateJUnit(const std::string& path) {
  return RunTool("/usr/bin/xmllint", {"--noout", "--schema", JUNIT_XSD, path});
}

ToolResult XPath(const std::string& path, const std::string& expression) {
  ToolResult result = RunTool("/usr/bin/xmllint", {"--xpath", expression, path});
  if (!result.output.empty() && result.output.back() == '\n') result.output.pop_back();
  return result;
}

ToolResult CheckMetrics(const std::string& path) {
  ToolOptions options;
  options.stdin_path = path;
  return RunTool("/usr/bin/promtool", {"check", "metrics"}, options);
}

std::string Fetch(const std::string& url) {
  ToolResult result = RunTool("/usr/bin/curl", {"-sf", url});
  return result.exit_code == 0 ? result.output : "";
}

Pushgateway::Pushgateway() {
  cdp::ProcessSpec spec;
  spec.executable = "/usr/bin/prometheus-pushgateway";
  // Debian's default persistence file is a system path: keep the test's own.
  spec.args = {"--web.listen-address=127.0.0.1:0",
               "--persistence.file=" + dir_.path() + "/pushgateway.data"};
  process_ = cdp::ChildProcess::Spawn(spec);
  // level=info msg="Listening on" address=127.0.0.1:45933
  auto line = process_->WaitForOutputLine("msg=\"Listening on\"", std::chrono::seconds(20));
  size_t at = line ? line->find("address=") : std::string::npos;
  if (at == std::string::npos) {
    throw std::runtime_error("the pushgateway did not start:\n" + process_->OutputTail());
  }
  std::string address = line->substr(at + 8);
  address = address.substr(0, address.find_first_of(" \r\n"));
  url_ = "http://" + address;
}

}  // namespace cujo_test
