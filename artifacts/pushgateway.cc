#include "artifacts/pushgateway.h"

#include <boost/asio.hpp>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "orchestrator/target.h"

namespace artifacts {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// One HTTP/1.1 exchange with "Connection: close": the answer is everything until EOF.
class Exchange {
 public:
  Exchange(std::string host, int port, std::string request)
      : host_(std::move(host)), port_(port), request_(std::move(request)) {}

  // The raw answer; throws naming the stage that failed or ran out of time.
  std::string Run(std::chrono::milliseconds timeout) {
    resolver_.async_resolve(host_, std::to_string(port_),
                            [this](error_code ec, tcp::resolver::results_type results) {
                              if (Failed(ec)) return;
                              Connect(results);
                            });
    io_.run_for(timeout);
    std::string where = host_ + ":" + std::to_string(port_);
    if (failure_) throw std::runtime_error(stage_ + " " + where + ": " + failure_.message());
    if (!done_) {
      throw std::runtime_error(stage_ + " " + where + ": no answer within " +
                               std::to_string(timeout.count()) + " ms");
    }
    return response_;
  }

 private:
  bool Failed(error_code ec) {
    if (ec) failure_ = ec;
    return static_cast<bool>(ec);
  }

  void Connect(const tcp::resolver::results_type& results) {
    stage_ = "connecting to";
    asio::async_connect(socket_, results, [this](error_code ec, const tcp::endpoint&) {
      if (Failed(ec)) return;
      stage_ = "sending to";
      asio::async_write(socket_, asio::buffer(request_), [this](error_code ec, size_t) {
        if (Failed(ec)) return;
        stage_ = "reading the answer of";
        asio::async_read(socket_, asio::dynamic_buffer(response_), [this](error_code ec, size_t) {
          if (ec != asio::error::eof && Failed(ec)) return;
          done_ = true;
        });
      });
    });
  }

  std::string host_;
  int port_;
  std::string request_;
  asio::io_context io_;
  tcp::resolver resolver_{io_};
  tcp::socket socket_{io_};
  std::string stage_ = "resolving";
  std::string response_;
  error_code failure_;
  bool done_ = false;
};

std::optional<orchestrator::ParsedUrl> ParsePushgatewayUrl(const std::string& url,
                                                           std::string* problem) {
  std::string error;
  auto parsed = orchestrator::ParseBaseUrl(url, &error);
  if (!parsed) {
    *problem = "--pushgateway " + error;
  } else if (parsed->scheme != "http") {
    *problem = "--pushgateway: only http:// is supported (got " + url + ")";
    parsed.reset();
  }
  return parsed;
}

}  // namespace

std::string PushgatewayPath(const std::string& url_path, const std::string& shard) {
  std::string path = url_path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.empty()) path = "/metrics/job/cujo";
  if (!shard.empty()) {
    std::string label = shard;
    size_t slash = label.find('/');
    if (slash != std::string::npos) label.replace(slash, 1, "-of-");
    path += "/shard/" + label;
  }
  return path;
}

std::string PushgatewayUrlProblem(const std::string& url) {
  std::string problem;
  ParsePushgatewayUrl(url, &problem);
  return problem;
}

void PushMetrics(const std::string& url, const std::string& shard, const std::string& metrics,
                 std::chrono::milliseconds timeout) {
  std::string problem;
  auto parsed = ParsePushgatewayUrl(url, &problem);
  if (!parsed) throw std::runtime_error(problem);
  std::string path = PushgatewayPath(parsed->path, shard);
  std::string request = "PUT " + path + " HTTP/1.1\r\nHost: " + parsed->host + ":" +
                        std::to_string(parsed->port) +
                        "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                        "Content-Length: " +
                        std::to_string(metrics.size()) + "\r\nConnection: close\r\n\r\n" + metrics;
  std::string response = Exchange(parsed->host, parsed->port, request).Run(timeout);
  // "HTTP/1.1 200 OK\r\n..."
  size_t space = response.find(' ');
  int status = space == std::string::npos ? 0 : std::atoi(response.c_str() + space + 1);
  if (status >= 200 && status < 300) return;
  size_t body = response.find("\r\n\r\n");
  std::string message = body == std::string::npos ? response : response.substr(body + 4);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
  throw std::runtime_error(
      "pushgateway " + url + path + " answered " +
      (status ? "HTTP " + std::to_string(status) : "something else than HTTP") +
      (message.empty() ? "" : ": " + message.substr(0, 500)));
}

}  // namespace artifacts
