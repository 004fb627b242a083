#include "tests/cdp/local_http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace cujo_test {

namespace {

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

}  // namespace

LocalHttpServer::LocalHttpServer(std::map<std::string, HttpResponse> routes)
    : routes_(std::move(routes)) {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      listen(listener_, 64) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
      pipe2(wake_, O_CLOEXEC) != 0) {
    throw std::runtime_error("LocalHttpServer: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { AcceptLoop(); });
}

LocalHttpServer::~LocalHttpServer() {
  (void)!write(wake_[1], "x", 1);
  thread_.join();
  close(listener_);
  close(wake_[0]);
  close(wake_[1]);
}

std::string LocalHttpServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<std::string> LocalHttpServer::Requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void LocalHttpServer::AcceptLoop() {
  pollfd fds[2] = {{listener_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
  while (poll(fds, 2, -1) >= 0 && fds[1].revents == 0) {
    if ((fds[0].revents & POLLIN) == 0) continue;
    int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client >= 0) Serve(client);
  }
}

// Sequential on purpose: test pages are tiny, and one thread keeps teardown trivial.
void LocalHttpServer::Serve(int client) {
  std::string request;
  char buffer[4096];
  pollfd fd{client, POLLIN, 0};
  while (request.find("\r\n\r\n") == std::string::npos && poll(&fd, 1, 5000) > 0) {
    ssize_t n = read(client, buffer, sizeof buffer);
    if (n <= 0) break;
    request.append(buffer, static_cast<size_t>(n));
  }
  std::string line = request.substr(0, request.find("\r\n"));
  std::string path = line.substr(line.find(' ') + 1);
  path = path.substr(0, path.find(' '));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(line.substr(0, line.rfind(' ')));
  }
  auto route = routes_.find(path);
  HttpResponse response =
      route != routes_.end() ? route->second : HttpResponse{404, "text/plain", "not found"};
  std::string reply = "HTTP/1.1 " + std::to_string(response.status) + " " +
                      Reason(response.status) + "\r\nContent-Type: " + response.content_type +
                      "\r\nContent-Length: " + std::to_string(response.body.size()) +
                      "\r\nConnection: close\r\n\r\n" + response.body;
  size_t sent = 0;
  while (sent < reply.size()) {
    ssize_t n = send(client, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  close(client);
}

}  // namespace cujo_test
