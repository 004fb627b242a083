#include "artifacts/results_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "journeys/atomic_file.h"

namespace artifacts {

void WriteResults(const std::string& out_dir, const orchestrator::RunResult& run) {
  nlohmann::json j = run;
  journeys::WriteFileAtomically(out_dir + "/results.json",
                      j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
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
