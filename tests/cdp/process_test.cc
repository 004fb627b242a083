// ChildProcess: what the launcher waits for in the output, and what it leaves behind.
#include "cdp/process.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/cdp/test_support.h"

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

// The child's own children outlive it by a moment when its group is killed, and come to the
// process that adopts orphans (cujo, or PID 1 of a container): Terminate reaps them too. They
// stayed zombies for the rest of the run, two per browser closed.
TEST(ChildProcess, TerminateReapsTheGroupMembersThisProcessAdopted) {
  cujo_test::AdoptingOrphans adopting;
  cdp::ProcessSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c", "sleep 300 & sleep 300 & echo started; wait"};
  auto process = cdp::ChildProcess::Spawn(spec);
  ASSERT_TRUE(process->WaitForOutputLine("started", std::chrono::seconds(20)))
      << process->OutputTail();
  const pid_t group = process->pid();
  EXPECT_EQ(process->Terminate().signal, SIGKILL);
  EXPECT_TRUE(cujo_test::NoChildLeftInGroup(group));
}

}  // namespace
