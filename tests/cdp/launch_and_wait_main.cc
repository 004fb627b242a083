// Launches a browser, reports it, and waits to be killed: lets a test SIGKILL "cujo" and
// check that no browser outlives it.
#include <unistd.h>

#include <cstdio>

#include "cdp/browser.h"

int main() {
  auto browser = cdp::Browser::Launch({});
  std::printf("browser pid %d scratch %s\n", *browser->pid(), browser->scratch_dir().c_str());
  std::fflush(stdout);
  while (true) pause();
}
