// cujo's entry point. Exit codes are a contract with deployment pipelines: 0 pass (promote),
// 1 product failure (roll back), 2 inconclusive (infrastructure), 3 usage or configuration.
#include <malloc.h>

#include "orchestrator/cli.h"

int main(int argc, char** argv) {
  // glibc gives each busy thread an arena of its own and raises its mmap threshold after big
  // frees, so the buffers of the periodic results.json snapshots stay resident once freed: a
  // long traffic run grew by a third without a leak (tests/drills/soak_test.cc). Two arenas and
  // a fixed threshold hand big buffers back to the system when they are freed.
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 64 * 1024);
  return orchestrator::CujoMain(argc, argv);
}
