// How a renderer's end is told: crashed on its own (the page's doing as far as the gate
// knows) or ended from outside (the host's), from Target.targetCrashed's status and code.
#include "cdp/renderer_exit.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using cdp::ErrorKind;
using cdp::RendererExitError;

std::string Message(const cdp::Error& e) { return e.what(); }

TEST(RendererExit, ASignalThatCrashedTheRendererIsThePages) {
  cdp::Error segv = RendererExitError("crashed", 11);
  EXPECT_EQ(segv.kind(), ErrorKind::kPageCrashed);
  EXPECT_EQ(Message(segv), "page crashed: its renderer killed by signal 11 (SIGSEGV)");
  // With a core dump the wait status has bit 0x80 set: still SIGSEGV.
  EXPECT_EQ(Message(RendererExitError("crashed", 0x80 | 11)), Message(segv));
}

TEST(RendererExit, ChromiumsOwnTrapSaysWhatItMayMean) {
  cdp::Error trap = RendererExitError("crashed", 5);
  EXPECT_EQ(trap.kind(), ErrorKind::kPageCrashed);
  EXPECT_EQ(Message(trap),
            "page crashed: its renderer killed by signal 5 (SIGTRAP), Chromium's own stop on a "
            "failed check or out of memory");
}

TEST(RendererExit, AnAbnormalExitIsACrashWithItsExitCode) {
  cdp::Error exited = RendererExitError("abnormal", 13 << 8);
  EXPECT_EQ(exited.kind(), ErrorKind::kPageCrashed);
  EXPECT_EQ(Message(exited), "page crashed: its renderer exited with code 13");
}

TEST(RendererExit, AKillFromOutsideIsNotThePages) {
  cdp::Error killed = RendererExitError("killed", 9);
  EXPECT_EQ(killed.kind(), ErrorKind::kRendererGone);
  EXPECT_EQ(Message(killed),
            "page's renderer killed by signal 9 (SIGKILL) from outside the browser (the host's "
            "OOM killer, an operator)");
}

TEST(RendererExit, OtherEndsAreNotThePagesEither) {
  for (const char* status : {"oom", "launch failed", "something new"}) {
    cdp::Error other = RendererExitError(status, 3);
    EXPECT_EQ(other.kind(), ErrorKind::kRendererGone) << status;
    EXPECT_EQ(Message(other), "page's renderer ended: " + std::string(status) + " (error code 3)");
  }
}

}  // namespace
