#include "journeys/net_errors.h"

#include <cctype>
#include <initializer_list>

namespace journeys {

namespace {

std::string_view FirstIn(std::string_view text, std::initializer_list<std::string_view> codes) {
  for (std::string_view code : codes) {
    if (text.find(code) != std::string_view::npos) return code;
  }
  return {};
}

}  // namespace

std::string_view UnreachableError(std::string_view text) {
  return FirstIn(
      text,
      {"ERR_CONNECTION_REFUSED", "ERR_CONNECTION_TIMED_OUT", "ERR_NAME_NOT_RESOLVED",
       "ERR_NAME_RESOLUTION_FAILED", "ERR_ADDRESS_UNREACHABLE", "ERR_TUNNEL_CONNECTION_FAILED",
       "ERR_PROXY_CONNECTION_FAILED", "ERR_INTERNET_DISCONNECTED", "ERR_NETWORK_CHANGED"});
}

std::string_view HungUpError(std::string_view text) {
  return FirstIn(text, {"ERR_CONNECTION_RESET", "ERR_CONNECTION_CLOSED", "ERR_EMPTY_RESPONSE"});
}

std::string_view TlsError(std::string_view text) {
  for (std::string_view prefix : {"ERR_CERT_", "ERR_SSL_", "ERR_BAD_SSL_CLIENT_AUTH_CERT"}) {
    size_t at = text.find(prefix);
    if (at == std::string_view::npos) continue;
    size_t end = at;
    while (end < text.size() &&
           (std::isupper(static_cast<unsigned char>(text[end])) ||
            std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
      ++end;
    }
    return text.substr(at, end - at);
  }
  return {};
}

}  // namespace journeys
