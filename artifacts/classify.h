// What kind of failure an attempt is, with the evidence that decided it. The gate acts on the
// class: a product class (assertion, server_error, client_error, timeout, slow) can roll a
// deployment back; infra and config cannot, because the build is not what failed.
#pragma once

#include <string>
#include <vector>

#include "journeys/result.h"

namespace artifacts {

enum class FailureClass {
  kAssertion,
  kServerError,
  kClientError,
  kSlow,
  kTimeout,
  kInfra,
  kConfig
};
const char* FailureClassName(FailureClass failure_class);
bool IsProductClass(FailureClass failure_class);

struct Classification {
  FailureClass failure_class = FailureClass::kAssertion;
  std::vector<std::string> evidence;  // the records that decided it, one line each
  // The cause with ids, numbers, tokens and query strings stripped: equal fingerprints are
  // one root cause ("HTTP 503 from /w/load.php").
  std::string fingerprint;
};

// For a failed attempt.
Classification Classify(const journeys::AttemptResult& attempt);

// `text` with what varies between occurrences of one cause replaced: query strings, numbers,
// hex ids, quoted values.
std::string Normalize(const std::string& text);

}  // namespace artifacts
