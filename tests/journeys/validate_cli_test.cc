// `cujo validate` as pipelines run it: the built binary, its exit code and its output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cdp/temp_dir.h"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Runs `cujo validate ARGS` with stdout and stderr captured apart.
CliResult Validate(const std::string& args) {
  cdp::TempDir dir("cujo-validate-cli-");
  std::string out = dir.path() + "/out", err = dir.path() + "/err";
  std::string command =
      std::string("'") + CUJO_BINARY + "' validate " + args + " >" + out + " 2>" + err;
  int status = std::system(command.c_str());
  CliResult run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadAll(out);
  run.err = ReadAll(err);
  return run;
}

TEST(ValidateCli, ValidJourneysExitZero) {
  CliResult run = Validate(FIXTURES_DIR "/valid");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "3 journeys valid\n");
}

TEST(ValidateCli, BundledJourneysAreValid) {
  CliResult run = Validate(JOURNEYS_DIR "/mediawiki");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("journeys valid"));
}

TEST(ValidateCli, InvalidJourneysExitThreeWithEveryError) {
  const std::string dir = FIXTURES_DIR "/invalid/";
  CliResult run = Validate(dir + "typos.yaml " + dir + "broken.yaml");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(
      Lines(run.err),
      ElementsAre(dir + "broken.yaml:4:1: error: invalid YAML: end of sequence flow not found",
                  dir + "typos.yaml:2:7: error: unknown tier `fast` (hint: quick or slow)",
                  dir + "typos.yaml:3:10: error: `retries` must be an integer from 0 to 100, "
                        "not `many`",
                  dir + "typos.yaml:6:5: error: unknown step `clik` (hint: did you mean `click`?)",
                  dir + "typos.yaml:7:13: error: unknown key `slector` in `click` (hint: did you "
                        "mean `selector`?)",
                  dir + "typos.yaml:8:58: error: `text` and `text_contains` contradict each other "
                        "(hint: give one of text, text_contains or text_matches)",
                  "6 errors in 2 of 2 files"));
}

// `cujo run` refuses a broken policy beside the journeys, so validating them must say so.
TEST(ValidateCli, TheSloPolicyBesideTheJourneysIsCheckedToo) {
  cdp::TempDir dir("cujo-validate-slo-");
  std::ofstream(dir.path() + "/a.yaml") << "name: a\nsteps: [{goto: /}]\n";
  std::ofstream(dir.path() + "/slo.yaml") << "tiers:\n  quik: {min_attempts: 1}\n";
  CliResult run = Validate(dir.path());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.err, HasSubstr(dir.path() + "/slo.yaml:2:3: error: unknown key `quik` in "
                                              "`tiers`"));
  EXPECT_THAT(run.err, HasSubstr("1 error in 1 of 2 files"));
}

TEST(ValidateCli, MissingPathExitsThree) {
  CliResult run = Validate("/nonexistent/journeys");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err,
            "/nonexistent/journeys: error: no such file or directory\n1 error in 1 of 1 file\n");
}

TEST(ValidateCli, PathsAreRequired) { EXPECT_EQ(Validate("").exit_code, 3); }

}  // namespace
