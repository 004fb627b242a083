// ChildProcess's output lines: what the launcher waits for may come after much else.
#include "cdp/process.h"

#include <gtest/gtest.h>

namespace {

// Chromium may print many warnings before "DevTools listening on ...": the line is found
// wherever it comes (only the first 64 lines were looked at).
TEST(ChildProcess, FindsAnOutputLineAfterHundredsOfOthers) {
  cdp::ProcessSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c",
               "i=0; while [ $i -lt 300 ]; do echo \"warning $i\"; i=$((i+1)); done; "
               "echo 'DevTools listening on ws://127.0.0.1:9/devtools/browser/x'"};
  auto process = cdp::ChildProcess::Spawn(spec);
  auto line = process->WaitForOutputLine("DevTools listening on", std::chrono::seconds(20));
  ASSERT_TRUE(line.has_value()) << process->OutputTail();
  EXPECT_EQ(*line, "DevTools listening on ws://127.0.0.1:9/devtools/browser/x");
  EXPECT_FALSE(process->WaitForOutputLine("never said", std::chrono::seconds(20)).has_value());
}

}  // namespace
