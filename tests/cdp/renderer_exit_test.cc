// How a renderer's end is told: crashed on its own (the page's doing as far as the gate
// knows) or ended from outside (the host's), from Target.targetCrashed's status and code.
#include "cdp/renderer_exit.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using cdp::ErrorKind;

struct Case {
  const char* status;
  int error_code;  // on Linux the raw wait status
  ErrorKind kind;
  const char* message;
};

TEST(RendererExit, TheStatusTellsACrashOfThePageFromAnEndFromOutside) {
  const Case cases[] = {
      {"crashed", 11, ErrorKind::kPageCrashed,
       "page crashed: its renderer killed by signal 11 (SIGSEGV)"},
      // A core dump sets bit 0x80 of the wait status: still SIGSEGV.
      {"crashed", 0x80 | 11, ErrorKind::kPageCrashed,
       "page crashed: its renderer killed by signal 11 (SIGSEGV)"},
      {"crashed", 5, ErrorKind::kPageCrashed,
       "page crashed: its renderer killed by signal 5 (SIGTRAP), Chromium's own stop on a failed "
       "check or out of memory"},
      {"abnormal", 13 << 8, ErrorKind::kPageCrashed,
       "page crashed: its renderer exited with code 13"},
      {"killed", 9, ErrorKind::kRendererGone,
       "page's renderer killed by signal 9 (SIGKILL) from outside the browser (the host's OOM "
       "killer, an operator)"},
      {"oom", 3, ErrorKind::kRendererGone, "page's renderer ended: oom (error code 3)"},
      {"launch failed", 3, ErrorKind::kRendererGone,
       "page's renderer ended: launch failed (error code 3)"},
      {"something new", 3, ErrorKind::kRendererGone,
       "page's renderer ended: something new (error code 3)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.status) + " " + std::to_string(c.error_code));
    cdp::Error error = cdp::RendererExitError(c.status, c.error_code);
    EXPECT_EQ(error.kind(), c.kind);
    EXPECT_EQ(std::string(error.what()), c.message);
  }
}

}  // namespace
