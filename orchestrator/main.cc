// cujo's entry point. Exit codes are a contract with deployment pipelines: 0 pass (promote),
// 1 product failure (roll back), 2 inconclusive (infrastructure), 3 usage or configuration.
#include "orchestrator/cli.h"

int main(int argc, char** argv) { return orchestrator::CujoMain(argc, argv); }
