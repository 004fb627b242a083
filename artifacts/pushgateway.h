// `--pushgateway URL`: metrics.prom goes to a Prometheus Pushgateway with HTTP PUT, which
// replaces what the group held (one run's numbers, never mixed with the previous run's). The
// push is a side channel: its failure is reported, and never changes the verdict.
#pragma once

#include <chrono>
#include <string>

namespace artifacts {

// Where the metrics go: the URL's own path when it has one (the caller chose the grouping key,
// e.g. http://gw:9091/metrics/job/cujo/instance/canary), else /metrics/job/cujo, plus
// /shard/K-of-N for a shard so that the shards of one run do not replace each other.
std::string PushgatewayPath(const std::string& url_path, const std::string& shard);

// Why `url` cannot be a Pushgateway's (not an http:// URL with a host), naming --pushgateway;
// "" when it can.
std::string PushgatewayUrlProblem(const std::string& url);

// PUTs `metrics` (text format 0.0.4) to the Pushgateway at `url` (http only). Throws
// std::runtime_error saying what failed: the URL, resolving, connecting, the time limit, or the
// HTTP status with the gateway's own message.
void PushMetrics(const std::string& url, const std::string& shard, const std::string& metrics,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace artifacts
