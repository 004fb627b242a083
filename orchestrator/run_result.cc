#include "orchestrator/run_result.h"

namespace orchestrator {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(JourneyRecord, name, file, tier, tags,
                                                description, attempts, not_run_reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RunMetadata, cujo_version, chromium_version,
                                                base_url, started_at, finished_at, duration_ms,
                                                shard, command_line, hostname, interrupted)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RunResult, schema_version, run, journeys, summary)

}  // namespace orchestrator
