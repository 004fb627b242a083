// Why a page's renderer process ended, from Target.targetCrashed's status and error code.
// The gate must tell a page that crashed its renderer (the build's doing, as a user would see
// it) from a renderer that something outside the page ended (the host's OOM killer, an
// operator): only the status says which.
#pragma once

#include <string>

#include "cdp/error.h"

namespace cdp {

// `status` is Chromium's termination status ("crashed", "abnormal", "killed", "oom",
// "launch failed"); `error_code` its exit code, on Linux the raw wait status.
// kPageCrashed when the renderer crashed or failed on its own, else kRendererGone.
Error RendererExitError(const std::string& status, int error_code);

}  // namespace cdp
