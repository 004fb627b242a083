#include "artifacts/results_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "journeys/atomic_file.h"

namespace artifacts {

namespace {

// `j` as indented text whose continuation lines start with `indent`, to sit inside a
// document being written by hand.
std::string Dump(const nlohmann::json& j, const std::string& indent) {
  std::string text = j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

}  // namespace

// Journey by journey: a JSON tree of the whole run is several times the size of the records
// it holds, and a long traffic run rewrites this file every few seconds (the tree's pages
// then stayed in the heap between the records that outlive it).
void WriteResults(const std::string& out_dir, const orchestrator::RunResult& run) {
  std::string text = "{\n \"schema_version\": " + std::to_string(run.schema_version) +
                     ",\n \"run\": " + Dump(run.run, " ") + ",\n \"journeys\": [";
  for (size_t i = 0; i < run.journeys.size(); ++i) {
    text += (i == 0 ? "\n  " : ",\n  ") + Dump(run.journeys[i], "  ");
  }
  text += run.journeys.empty() ? "]" : "\n ]";
  text += ",\n \"summary\": " + Dump(run.summary, " ") + "\n}\n";
  journeys::WriteFileAtomically(out_dir + "/results.json", text);
}

orchestrator::RunResult ReadResults(const std::string& out_dir) {
  std::string path = out_dir + "/results.json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str()).get<orchestrator::RunResult>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + " is not a cujo results file: " + e.what());
  }
}

}  // namespace artifacts
