// ChildProcess: what the launcher waits for in the output, and what it leaves behind.
#include "cdp/process.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>

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

// This test process adopts orphans, as cujo does (orchestrator/main.cc), until the test ends.
class Subreaper {
 public:
  Subreaper() { prctl(PR_SET_CHILD_SUBREAPER, 1); }
  ~Subreaper() { prctl(PR_SET_CHILD_SUBREAPER, 0); }
  Subreaper(const Subreaper&) = delete;
  Subreaper& operator=(const Subreaper&) = delete;
};

// The child's own children outlive it by a moment when its group is killed, and come to the
// process that adopts orphans (cujo, or PID 1 of a container): Terminate reaps them too. They
// stayed zombies for the rest of the run, two per browser closed.
TEST(ChildProcess, TerminateReapsTheGroupMembersThisProcessAdopted) {
  Subreaper subreaper;
  cdp::ProcessSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c", "sleep 300 & sleep 300 & echo started; wait"};
  auto process = cdp::ChildProcess::Spawn(spec);
  ASSERT_TRUE(process->WaitForOutputLine("started", std::chrono::seconds(20)))
      << process->OutputTail();
  const pid_t group = process->pid();
  EXPECT_EQ(process->Terminate().signal, SIGKILL);
  siginfo_t info{};
  errno = 0;
  int found = waitid(P_PGID, static_cast<id_t>(group), &info, WEXITED | WNOHANG | WNOWAIT);
  EXPECT_EQ(found, -1) << "a member of the group is left unreaped: pid " << info.si_pid;
  EXPECT_EQ(errno, ECHILD);
}

}  // namespace
