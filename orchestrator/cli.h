// The cujo command line: subcommands, flags, cujo.yaml. Returns the process exit code.
#pragma once

namespace orchestrator {

int CujoMain(int argc, char** argv);

}  // namespace orchestrator
