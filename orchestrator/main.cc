// cujo's entry point. Exit codes are a contract with deployment pipelines: 0 pass (promote),
// 1 product failure (roll back), 2 inconclusive (infrastructure), 3 usage or configuration.
#include <malloc.h>
#include <sys/prctl.h>

#include "orchestrator/cli.h"

int main(int argc, char** argv) {
  // glibc gives each busy thread an arena of its own and raises its mmap threshold after big
  // frees, so the buffers of the periodic results.json snapshots stay resident once freed: a
  // long traffic run grew by a third without a leak (tests/drills/soak_test.cc). Two arenas and
  // a fixed threshold hand big buffers back to the system when they are freed.
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 64 * 1024);
  // Orphans of the browsers (a zygote's children when the browser goes, all of them when it
  // crashes) come to cujo rather than to PID 1, and cujo reaps them with the browser
  // (cdp::ChildProcess::Terminate). Run as PID 1 of a container (`exec cujo run`, as in
  // ci/deploy/k8s-indexed-job.yaml) they came to cujo anyway; elsewhere a run now reaps
  // everything it started instead of leaving that to an init that may be slow at it.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  return orchestrator::CujoMain(argc, argv);
}
