// Reaching a canary the way httpbb does: a hostname mapped to another address without DNS
// (--resolve), routing headers on every request (--header), and a probe that tells "the target
// is down" (inconclusive, exit 2) apart from "the build is broken" before N journeys time out.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace orchestrator {

struct HostMapping {
  std::string host;
  int port = 0;
  std::string address;  // IPv4, or IPv6 without brackets
};

// curl's --resolve syntax, HOST:PORT:ADDR (ADDR may be [v6]). nullopt with `error` otherwise.
std::optional<HostMapping> ParseResolve(const std::string& text, std::string* error);
// Chromium's --host-resolver-rules for the mappings ("MAP host:port addr:port, ...").
std::string HostResolverRules(const std::vector<HostMapping>& mappings);

// "Name: value". nullopt with `error` for a missing colon or an empty name.
std::optional<std::pair<std::string, std::string>> ParseHeader(const std::string& text,
                                                               std::string* error);

struct ParsedUrl {
  std::string scheme;  // http or https
  std::string host;
  int port = 0;
  std::string path;  // at least "/"
};
// Only http and https URLs with a usable host, no user or password. nullopt otherwise, with
// `error` saying what is wrong after the flag's name ("has an invalid port: '...'").
std::optional<ParsedUrl> ParseBaseUrl(const std::string& url, std::string* error);

// Connects to the target (through the mappings) and, for http, waits for the first byte of a
// response. Returns why the target is unreachable (connection refused, DNS, reset, no answer
// within `timeout`), or nullopt when it answered. Gives up early, with "stopped", once `*stop`
// is set: a run being stopped must not wait seconds on a target that does not answer.
std::optional<std::string> ProbeTarget(const ParsedUrl& url,
                                       const std::vector<HostMapping>& mappings,
                                       std::chrono::milliseconds timeout,
                                       const std::atomic<bool>* stop = nullptr);

}  // namespace orchestrator
