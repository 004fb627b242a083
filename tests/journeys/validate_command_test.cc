// RunValidate in process: what `cujo validate` prints and returns.
#include "journeys/validate_command.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cdp/temp_dir.h"

namespace journeys {
namespace {

const std::string kInvalid = FIXTURES_DIR "/invalid/";

TEST(RunValidate, ValidFiles) {
  std::ostringstream out, err;
  EXPECT_EQ(RunValidate({FIXTURES_DIR "/valid"}, out, err), 0);
  EXPECT_EQ(out.str(), "3 journeys valid\n");
  EXPECT_EQ(err.str(), "");
  std::ostringstream one;
  EXPECT_EQ(RunValidate({FIXTURES_DIR "/valid/view.json"}, one, err), 0);
  EXPECT_EQ(one.str(), "1 journey valid\n");
}

TEST(RunValidate, InvalidFilesPrintEveryErrorAndASummary) {
  std::ostringstream out, err;
  EXPECT_EQ(RunValidate({FIXTURES_DIR "/invalid"}, out, err), 3);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(),
            kInvalid + "broken.yaml:4:1: error: invalid YAML: end of sequence flow not found\n" +
                kInvalid +
                "cycle-b.yaml:2:8: error: `uses` makes a cycle: cycle-a -> cycle-b -> cycle-a "
                "(hint: a journey cannot use itself, directly or through others)\n" +
                kInvalid + "typos.yaml:2:7: error: unknown tier `fast` (hint: quick or slow)\n" +
                kInvalid +
                "typos.yaml:3:10: error: `retries` must be an integer from 0 to 100, not `many`\n" +
                kInvalid +
                "typos.yaml:6:5: error: unknown step `clik` (hint: did you mean `click`?)\n" +
                kInvalid +
                "typos.yaml:7:13: error: unknown key `slector` in `click` (hint: did you mean "
                "`selector`?)\n" +
                kInvalid +
                "typos.yaml:8:58: error: `text` and `text_contains` contradict each other (hint: "
                "give one of text, text_contains or text_matches)\n" +
                kInvalid +
                "uses-missing.yaml:2:8: error: `uses` names an unknown journey `cycle-c` (hint: "
                "did you mean `cycle-a`?)\n"
                "8 errors in 4 of 5 files\n");
}

TEST(RunValidate, MissingPath) {
  std::ostringstream out, err;
  EXPECT_EQ(RunValidate({FIXTURES_DIR "/valid", "/nonexistent/j.yaml"}, out, err), 3);
  EXPECT_EQ(err.str(),
            "/nonexistent/j.yaml: error: no such file or directory\n1 error in 1 of 4 files\n");
}

// A control character quoted from the file reaches the terminal as \xNN, not as itself.
TEST(RunValidate, ControlCharactersInMessagesAreShownEscaped) {
  cdp::TempDir dir("cujo-validate-control-");
  const std::string file = dir.path() + "/j.yaml";
  std::ofstream(file) << "name: j\nsteps:\n  - \"cl\\eick\": x\n";
  std::ostringstream out, err;
  EXPECT_EQ(RunValidate({file}, out, err), 3);
  EXPECT_NE(err.str().find(file + ":3:5: error: unknown step `cl\\x1bick`"), std::string::npos)
      << err.str();
  EXPECT_EQ(err.str().find('\x1b'), std::string::npos) << err.str();
}

}  // namespace
}  // namespace journeys
