// A tiny HTTP/1.1 server on 127.0.0.1 for tests that need a page but not a wiki: fixed routes,
// one response per connection. Stops and joins on destruction.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cujo_test {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
};

class LocalHttpServer {
 public:
  explicit LocalHttpServer(std::map<std::string, HttpResponse> routes);
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const;
  // Request lines seen so far ("GET /path").
  std::vector<std::string> Requests() const;

 private:
  void AcceptLoop();
  void Serve(int client);

  std::map<std::string, HttpResponse> routes_;
  int listener_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

}  // namespace cujo_test
