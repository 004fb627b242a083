// The attempt journal on the synthetic run: attempts appended as they end, interleaved across
// journeys, come back per journey and in order; results.json assembled from it is the one
// written from memory and reads back whole; an attempt the disk refuses stays in memory and nothing
// is lost.
#include "artifacts/attempt_journal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "artifacts/results_file.h"
#include "cdp/temp_dir.h"
#include "tests/artifacts/sample_run.h"

namespace {

using ::testing::ElementsAre;

// Every attempt of `run`, round robin over its journeys, as a traffic run's would end.
void AppendInterleaved(artifacts::AttemptJournal& journal, const orchestrator::RunResult& run,
                       std::vector<std::string>* problems) {
  for (size_t round = 0, appended = 1; appended > 0; ++round) {
    appended = 0;
    for (size_t i = 0; i < run.journeys.size(); ++i) {
      if (round >= run.journeys[i].attempts.size()) continue;
      problems->push_back(journal.Append(i, run.journeys[i].attempts[round]));
      ++appended;
    }
  }
}

std::vector<orchestrator::JourneyRecord> WithoutAttempts(orchestrator::RunResult run) {
  for (auto& record : run.journeys) record.attempts.clear();
  return run.journeys;
}

class AttemptJournalTest : public ::testing::Test {
 protected:
  std::string Dir(const std::string& name) {
    std::string path = tmp_.path() + "/" + name;
    std::filesystem::create_directories(path);
    return path;
  }

  const orchestrator::RunResult sample_ = cujo_test::SampleRun();
  cdp::TempDir tmp_{"cujo-journal-test-"};
};

TEST_F(AttemptJournalTest, AttemptsComeBackPerJourneyInTheOrderTheyEnded) {
  const std::string out = Dir("run");
  artifacts::AttemptJournal journal(out, sample_.journeys.size());
  std::vector<std::string> problems;
  AppendInterleaved(journal, sample_, &problems);
  for (const auto& problem : problems) EXPECT_EQ(problem, "");

  auto loaded = journal.Load(WithoutAttempts(sample_));
  ASSERT_EQ(loaded.size(), sample_.journeys.size());
  for (size_t i = 0; i < loaded.size(); ++i) {
    EXPECT_EQ(
        nlohmann::json(loaded[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        nlohmann::json(sample_.journeys[i])
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        << sample_.journeys[i].name;
  }

  // One JSON object a line, naming its journey: `tail -f` shows a run as it goes.
  std::ifstream lines(out + "/attempts.jsonl");
  std::string line;
  size_t count = 0;
  while (std::getline(lines, line)) {
    auto attempt = nlohmann::json::parse(line);
    EXPECT_FALSE(attempt.value("journey", "").empty()) << line;
    ++count;
  }
  EXPECT_EQ(count, problems.size());
}

TEST_F(AttemptJournalTest, ResultsAssembledFromTheJournalAreTheOnesWrittenFromMemory) {
  const std::string from_memory = Dir("memory"), from_journal = Dir("journal");
  artifacts::WriteResults(from_memory, sample_);
  artifacts::AttemptJournal journal(from_journal, sample_.journeys.size());
  std::vector<std::string> problems;
  AppendInterleaved(journal, sample_, &problems);
  orchestrator::RunResult headers = sample_;
  headers.journeys = WithoutAttempts(sample_);
  journal.WriteResults(from_journal, headers);

  EXPECT_EQ(nlohmann::json(artifacts::ReadResults(from_journal)),
            nlohmann::json(artifacts::ReadResults(from_memory)));
  // ReadResults takes the attempts out of the parse as they come: none may go missing.
  auto dump = [](const orchestrator::RunResult& run) {
    return nlohmann::json(run).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  EXPECT_EQ(dump(artifacts::ReadResults(from_memory)), dump(sample_));
}

TEST_F(AttemptJournalTest, LastAttemptDurationsAreEachJourneysLastAttempt) {
  const std::string out = Dir("durations");
  artifacts::WriteResults(out, sample_);
  std::map<std::string, double> expected;
  for (const auto& record : sample_.journeys) {
    if (!record.attempts.empty()) expected[record.name] = record.attempts.back().duration_ms;
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(artifacts::LastAttemptDurations(out), expected);
}

TEST_F(AttemptJournalTest, AResultsFileWithABrokenAttemptNamesTheFile) {
  const std::string out = Dir("broken");
  std::ofstream(out + "/results.json")
      << R"({"schema_version": 1, "journeys": [{"name": "a", "attempts": [{"steps": 5}]}]})";
  try {
    artifacts::ReadResults(out);
    FAIL() << "a broken attempt was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(out + "/results.json is not a cujo results file"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(AttemptJournalTest, AResultsFileNestedTooDeepIsRefusedNotACrash) {
  const std::string out = Dir("deep");
  const int depth = 100000;  // copying such a summary overflowed the stack
  std::ofstream(out + "/results.json") << R"({"schema_version": 1, "journeys": [], "summary": )"
                                       << std::string(depth, '[') << std::string(depth, ']') << "}";
  try {
    artifacts::ReadResults(out);
    FAIL() << "a results file nested " << depth << " levels deep was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("is not a cujo results file: nested more than"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(AttemptJournalTest, AnAttemptTheDiskRefusesIsKeptInMemory) {
  const std::string out = Dir("full");
  std::filesystem::create_symlink("/dev/full", out + "/attempts.jsonl");
  artifacts::AttemptJournal journal(out, sample_.journeys.size());
  std::vector<std::string> problems;
  AppendInterleaved(journal, sample_, &problems);
  ASSERT_FALSE(problems.empty());
  for (const auto& problem : problems) {
    EXPECT_NE(
        problem.find("attempts.jsonl: No space left on device (the attempt is kept in memory)"),
        std::string::npos)
        << problem;
  }
  auto loaded = journal.Load(WithoutAttempts(sample_));
  for (size_t i = 0; i < loaded.size(); ++i) {
    EXPECT_EQ(loaded[i].attempts.size(), sample_.journeys[i].attempts.size());
  }
}

// What `cujo report` reads back from a run that was killed: a last line cut short is left out,
// and so is a broken line before it, named, without costing the attempts after it.
TEST_F(AttemptJournalTest, AKilledRunsJournalReadsBackByJourneyName) {
  const std::string out = Dir("killed");
  artifacts::AttemptJournal journal(out, sample_.journeys.size());
  std::vector<std::string> problems;
  AppendInterleaved(journal, sample_, &problems);
  std::ofstream(out + "/attempts.jsonl", std::ios::app) << "{\"journey\": \"edit-pa";
  std::vector<std::string> left_out;
  auto read = artifacts::ReadJournal(out, left_out);
  EXPECT_THAT(left_out, ElementsAre());
  for (const auto& record : sample_.journeys) {
    EXPECT_EQ(read[record.name].size(), record.attempts.size()) << record.name;
  }

  // The cut line ends when the next write starts: it and a broken whole line are left out.
  std::ofstream(out + "/attempts.jsonl", std::ios::app)
      << "\n{}\n"
      << nlohmann::json(sample_.journeys[0].attempts[0]).dump() << "\n";
  read = artifacts::ReadJournal(out, left_out);
  const std::string journal_path = out + "/attempts.jsonl:";
  const size_t written = problems.size();
  EXPECT_THAT(
      left_out,
      ElementsAre(journal_path + std::to_string(written + 1) + ": not an attempt of a journey",
                  journal_path + std::to_string(written + 2) + ": not an attempt of a journey"));
  EXPECT_EQ(read[sample_.journeys[0].name].size(), sample_.journeys[0].attempts.size() + 1);

  left_out.clear();
  EXPECT_TRUE(artifacts::ReadJournal(Dir("no-journal"), left_out).empty());
  EXPECT_THAT(left_out, ElementsAre());
}

TEST_F(AttemptJournalTest, AnOutputDirectoryThatIsNotThereIsAClearError) {
  try {
    artifacts::AttemptJournal journal(tmp_.path() + "/nowhere", 1);
    FAIL() << "created";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create " + tmp_.path() +
                                         "/nowhere/attempts.jsonl: No such file or directory"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
