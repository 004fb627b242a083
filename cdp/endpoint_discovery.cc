// Turns a user-given endpoint into the browser's websocket URL. Chromium's ws:// URL holds a
// random id, so people pass http://host:port instead and cujo asks /json/version, the way
// Puppeteer's browserURL does. A tiny HTTP/1.1 client: one request, one response, a deadline.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <optional>
#include <string>

#include "cdp/error.h"
#include "cdp/transport.h"

namespace cdp {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// /json/version is a few hundred bytes; anything this big is not a DevTools endpoint.
constexpr size_t kMaxResponseBytes = 1 << 20;

struct HostPort {
  std::string host;  // for the resolver: no brackets around an IPv6 address
  std::string port;
  std::string authority;  // for the Host header, as given
};

// Parses http://host[:port][/path]. nullopt when it is not that shape.
std::optional<HostPort> ParseHttpEndpoint(const std::string& endpoint) {
  const std::string scheme = "http://";
  if (endpoint.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  HostPort result;
  result.authority = endpoint.substr(scheme.size());
  result.authority = result.authority.substr(0, result.authority.find('/'));
  std::string rest;  // ":port" or empty
  if (!result.authority.empty() && result.authority[0] == '[') {
    size_t close = result.authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    result.host = result.authority.substr(1, close - 1);
    rest = result.authority.substr(close + 1);
  } else {
    size_t colon = result.authority.find(':');
    result.host = result.authority.substr(0, colon);
    if (colon != std::string::npos) rest = result.authority.substr(colon);
  }
  if (rest.empty()) {
    result.port = "80";
  } else if (rest[0] == ':' && rest.size() > 1) {
    result.port = rest.substr(1);
  } else {
    return std::nullopt;
  }
  if (result.host.empty()) return std::nullopt;
  return result;
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The Content-Length of a header block ("HTTP/1.1 200 OK\r\nName:value\r\n..."), if any.
std::optional<size_t> ContentLength(const std::string& headers) {
  const std::string name = "\r\ncontent-length:";
  size_t at = Lowercase(headers).find(name);
  if (at == std::string::npos) return std::nullopt;
  try {
    return std::stoul(headers.substr(at + name.size()));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Error Failure(const std::string& endpoint, const std::string& cause) {
  return Error(ErrorKind::kDisconnected,
               "cannot discover the browser at " + endpoint + ": " + cause);
}

// GET /json/version; returns the response: headers, "\r\n\r\n", body.
std::string FetchJsonVersion(const std::string& endpoint, const HostPort& where,
                             std::chrono::milliseconds timeout) {
  asio::io_context io;
  tcp::resolver resolver(io);
  tcp::socket socket(io);
  const std::string request = "GET /json/version HTTP/1.1\r\nHost: " + where.authority +
                              "\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
  std::string response;
  auto buffer = [&] { return asio::dynamic_buffer(response, kMaxResponseBytes); };
  std::optional<std::string> failure;  // set when done: empty on success
  auto fail = [&](const std::string& what, boost::system::error_code ec) {
    failure = what + ": " + ec.message();
  };
  // Chrome ignores "Connection: close" and keeps the socket open: read Content-Length bytes
  // after the headers, and to EOF only when there is no Content-Length.
  auto read_body = [&](size_t header_bytes) {
    std::optional<size_t> length = ContentLength(response.substr(0, header_bytes));
    size_t have = response.size() - header_bytes;
    auto body_read = [&, length, header_bytes](boost::system::error_code ec, size_t) {
      if (ec && !(ec == asio::error::eof && !length)) return fail("cannot read the body", ec);
      if (length) response.resize(header_bytes + *length);  // what came after is not ours
      failure = "";
    };
    if (!length) return asio::async_read(socket, buffer(), body_read);
    if (*length > kMaxResponseBytes) {
      failure = "a response body of " + std::to_string(*length) + " bytes is too large";
      return;
    }
    size_t missing = *length > have ? *length - have : 0;
    asio::async_read(socket, buffer(), asio::transfer_exactly(missing), body_read);
  };

  resolver.async_resolve(where.host, where.port, [&](auto ec, tcp::resolver::results_type hosts) {
    if (ec) return fail("cannot resolve " + where.host, ec);
    asio::async_connect(socket, hosts, [&](auto ec, const tcp::endpoint&) {
      if (ec) return fail("cannot connect", ec);
      asio::async_write(socket, asio::buffer(request), [&](auto ec, size_t) {
        if (ec) return fail("cannot send the request", ec);
        asio::async_read_until(socket, buffer(), "\r\n\r\n", [&](auto ec, size_t header_bytes) {
          if (ec) return fail("cannot read the response headers", ec);
          read_body(header_bytes);
        });
      });
    });
  });
  io.run_for(timeout);
  if (!failure) {
    throw Failure(endpoint, "no response within " + std::to_string(timeout.count()) + " ms");
  }
  if (!failure->empty()) throw Failure(endpoint, *failure);
  return response;
}

// The webSocketDebuggerUrl of a /json/version response.
std::string WebSocketUrlOf(const std::string& endpoint, const std::string& response) {
  size_t header_end = response.find("\r\n\r\n");
  std::string status_line = response.substr(0, response.find("\r\n"));
  // "HTTP/1.1 200 OK"
  size_t space = status_line.find(' ');
  if (space == std::string::npos || status_line.compare(space + 1, 3, "200") != 0) {
    throw Failure(endpoint, "HTTP status \"" + status_line + "\"");
  }
  nlohmann::json version = nlohmann::json::parse(response.substr(header_end + 4), nullptr,
                                                 /*allow_exceptions=*/false);
  if (version.is_discarded()) throw Failure(endpoint, "/json/version is not JSON");
  if (!version.is_object() || !version.contains("webSocketDebuggerUrl") ||
      !version["webSocketDebuggerUrl"].is_string()) {
    throw Failure(endpoint, "/json/version has no webSocketDebuggerUrl");
  }
  return version["webSocketDebuggerUrl"].get<std::string>();
}

}  // namespace

std::string BrowserEndpointProblem(const std::string& endpoint) {
  // A ws:// URL has the same host and port as the http:// one that would lead to it.
  const bool websocket = endpoint.compare(0, 5, "ws://") == 0;
  if (ParseHttpEndpoint(websocket ? "http://" + endpoint.substr(5) : endpoint)) return "";
  return "unsupported browser endpoint \"" + endpoint +
         "\": expected ws://host:port/devtools/browser/ID or http://host:port";
}

std::string ResolveBrowserWebSocketUrl(const std::string& endpoint,
                                       std::chrono::milliseconds timeout) {
  std::string problem = BrowserEndpointProblem(endpoint);
  if (!problem.empty()) throw Error(ErrorKind::kDisconnected, problem);
  if (endpoint.compare(0, 5, "ws://") == 0) return endpoint;
  return WebSocketUrlOf(endpoint,
                        FetchJsonVersion(endpoint, *ParseHttpEndpoint(endpoint), timeout));
}

}  // namespace cdp
