#include "artifacts/results_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <stdexcept>

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

// The document is written by hand, piece by piece: a JSON tree of the whole run is several
// times the size of the records it holds, and a long traffic run rewrites this file every few
// seconds.
ResultsWriter::ResultsWriter(const std::string& out_dir, const orchestrator::RunResult& run)
    : file_(out_dir + "/results.json") {
  file_.Write("{\n \"schema_version\": " + std::to_string(run.schema_version) +
              ",\n \"run\": " + Dump(run.run, " ") + ",\n \"journeys\": [");
}

void ResultsWriter::Journey(const orchestrator::JourneyRecord& record) {
  CloseJourney();
  file_.Write(first_journey_ ? "\n  {" : ",\n  {");
  first_journey_ = false;
  const nlohmann::json fields = static_cast<const orchestrator::JourneyInfo&>(record);
  for (const auto& [key, value] : fields.items()) {
    file_.Write("\n   " + nlohmann::json(key).dump() + ": " + Dump(value, "   ") + ",");
  }
  file_.Write("\n   \"attempts\": [");
  in_journey_ = true;
  first_attempt_ = true;
}

void ResultsWriter::Attempt(const nlohmann::json& attempt) {
  file_.Write((first_attempt_ ? "\n    " : ",\n    ") + Dump(attempt, "    "));
  first_attempt_ = false;
}

void ResultsWriter::CloseJourney() {
  if (!in_journey_) return;
  file_.Write(first_attempt_ ? "]\n  }" : "\n   ]\n  }");
  in_journey_ = false;
}

void ResultsWriter::Commit(const nlohmann::json& summary) {
  CloseJourney();
  file_.Write(first_journey_ ? "]" : "\n ]");
  file_.Write(",\n \"summary\": " + Dump(summary, " ") + "\n}\n");
  file_.Commit();
}

void WriteResults(const std::string& out_dir, const orchestrator::RunResult& run) {
  ResultsWriter writer(out_dir, run);
  for (const auto& record : run.journeys) {
    writer.Journey(record);
    for (const auto& attempt : record.attempts) writer.Attempt(attempt);
  }
  writer.Commit(run.summary);
}

namespace {

// Nothing cujo writes nests deeper than a dozen levels; a damaged file nested thousands deep
// overflowed the stack where its summary was copied.
constexpr int kMaxDepth = 64;

// `out_dir`/results.json parsed as it is read, without its attempts: each one
// (journeys[i].attempts[j]) goes to `take(i, attempt)` as soon as it is parsed and is left out of
// the tree, since a tree of a long traffic run's file is ten times the file's size.
orchestrator::RunResult ParseApartFromAttempts(
    const std::string& out_dir, const std::function<void(size_t, nlohmann::json&)>& take) {
  std::string path = out_dir + "/results.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + strerror(errno));
  size_t journeys = 0;
  std::vector<std::string> keys;  // the member name at each depth
  auto leave_out_attempts = [&](int depth, nlohmann::json::parse_event_t event,
                                nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (depth > kMaxDepth) {
      throw std::runtime_error(path + " is not a cujo results file: nested more than " +
                               std::to_string(kMaxDepth) + " levels deep");
    }
    const auto at = static_cast<size_t>(depth);
    if (event == Event::key) {
      keys.resize(at + 1);
      keys[at] = parsed.get<std::string>();
    }
    const bool in_journeys = keys.size() > 1 && keys[1] == "journeys";
    if (event == Event::object_start && depth == 2 && in_journeys) ++journeys;
    const bool attempt = event == Event::object_end && depth == 4 && in_journeys &&
                         keys.size() > 3 && keys[3] == "attempts";
    if (!attempt) return true;
    take(journeys - 1, parsed);
    return false;
  };
  orchestrator::RunResult run;
  try {
    nlohmann::json tree = nlohmann::json::parse(in, leave_out_attempts);
    run = tree.get<orchestrator::RunResult>();
    // Files written before stopped_for_failures was: their --max-failures stop is told by its
    // reason alone.
    auto meta = tree.find("run");
    if (meta != tree.end() && meta->is_object() && !meta->contains("stopped_for_failures")) {
      run.run.stopped_for_failures = run.run.interrupted.rfind("--max-failures", 0) == 0;
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + " is not a cujo results file: " + e.what());
  }
  if (journeys != run.journeys.size()) {
    throw std::runtime_error(path + " is not a cujo results file: a journey is not an object");
  }
  return run;
}

}  // namespace

orchestrator::RunResult ReadResults(const std::string& out_dir) {
  std::vector<std::vector<journeys::AttemptResult>> attempts;  // per journey
  auto run = ParseApartFromAttempts(out_dir, [&](size_t journey, nlohmann::json& attempt) {
    attempts.resize(std::max(attempts.size(), journey + 1));
    attempts[journey].push_back(attempt.get<journeys::AttemptResult>());
  });
  attempts.resize(run.journeys.size());
  for (size_t i = 0; i < attempts.size(); ++i) run.journeys[i].attempts = std::move(attempts[i]);
  return run;
}

std::map<std::string, double> LastAttemptDurations(const std::string& out_dir) {
  std::map<size_t, double> last;  // by journey index: names are known once the parse ends
  auto run = ParseApartFromAttempts(out_dir, [&](size_t journey, nlohmann::json& attempt) {
    last[journey] = attempt.value("duration_ms", 0.0);
  });
  std::map<std::string, double> durations;
  for (const auto& [journey, ms] : last) durations[run.journeys[journey].name] = ms;
  return durations;
}

}  // namespace artifacts
