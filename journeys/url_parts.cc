#include "journeys/url_parts.h"

namespace journeys {

std::string OriginOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  return url.substr(0, url.find_first_of("/?#", scheme + 3));
}

std::string PathOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  std::string out = path == std::string::npos ? "/" : url.substr(path);
  return out.substr(0, out.find_first_of("?#"));
}

}  // namespace journeys
