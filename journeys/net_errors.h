// Chromium's net errors that mean a connection to the server failed, in two families that the
// scheduler and the summarizer treat alike (one list, so they always agree):
//  - unreachable: no connection was made (refused, unresolvable, timed out connecting). The
//    target or the network is down: not the build's doing (class `infra`).
//  - hung up: the server took the connection, then dropped it without a (whole) answer. Maybe
//    the network, maybe a crashed backend: the scheduler retries the attempt if the target
//    answers probes, and a failure that persists is the server's (class `server_error`).
#pragma once

#include <string_view>

namespace journeys {

// The error code `text` (an error message or a request's errorText) names, such as
// "ERR_CONNECTION_REFUSED"; empty when it names none of that family.
std::string_view UnreachableError(std::string_view text);
std::string_view HungUpError(std::string_view text);

// The TLS error `text` names (ERR_CERT_..., ERR_SSL_...): the connection was made, but the
// browser refused the target's certificate or TLS set-up. A matter of the environment, such as
// a test CA cujo was not told to accept (--insecure), not of the build (class `config`).
std::string_view TlsError(std::string_view text);

}  // namespace journeys
