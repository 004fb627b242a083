// The websocket transport and endpoint discovery: against an in-process websocketpp server that
// echoes, floods, sends 100 MB, closes or drops the TCP connection on cue, and against a real
// Chromium (discovery via /json/version, one command, SIGKILL while connected).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <boost/asio.hpp>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cdp/error.h"
#include "cdp/process.h"
#include "cdp/temp_dir.h"
#include "cdp/transport.h"
#include "tests/cdp/local_http_server.h"
#include "tests/cdp/test_support.h"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Server = websocketpp::server<websocketpp::config::asio>;
namespace asio = boost::asio;

constexpr auto kWait = 10s;  // generous bound for things that normally take milliseconds

using cujo_test::CaptureError;
using cujo_test::Received;

// A websocket server on 127.0.0.1 (ephemeral port) accepting one client. It echoes every text
// message; tests make it do anything else on its I/O thread with Run().
class FakeEndpoint {
 public:
  FakeEndpoint() {
    server_.clear_access_channels(websocketpp::log::alevel::all);
    server_.clear_error_channels(websocketpp::log::elevel::all);
    server_.set_max_message_size(size_t{1} << 30);
    server_.init_asio();
    server_.set_open_handler([this](websocketpp::connection_hdl hdl) {
      std::lock_guard<std::mutex> lock(mutex_);
      client_ = hdl;
      cv_.notify_all();
    });
    server_.set_message_handler([this](websocketpp::connection_hdl hdl, Server::message_ptr m) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.push_back(m->get_payload());
        cv_.notify_all();
      }
      websocketpp::lib::error_code ec;
      server_.send(hdl, m->get_payload(), m->get_opcode(), ec);
    });
    server_.set_close_handler([this](websocketpp::connection_hdl hdl) {
      std::lock_guard<std::mutex> lock(mutex_);
      client_close_code_ = server_.get_con_from_hdl(hdl)->get_remote_close_code();
      cv_.notify_all();
    });
    server_.listen(asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    server_.start_accept();
    boost::system::error_code ec;
    port_ = server_.get_local_endpoint(ec).port();
    thread_ = std::thread([this] { server_.run(); });
  }

  ~FakeEndpoint() {
    server_.stop();
    thread_.join();
  }

  std::string Url() const {
    return "ws://127.0.0.1:" + std::to_string(port_) + "/devtools/browser/fake";
  }

  // Runs `action` on the server's I/O thread with the client's connection and waits for it.
  // The action owns what it uses: after a wait that gives up, it may still run (the I/O thread
  // is joined only with the endpoint).
  void Run(std::function<void(Server::connection_ptr)> action,
           std::chrono::seconds timeout = kWait) {
    websocketpp::connection_hdl client;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ASSERT_TRUE(cv_.wait_for(lock, kWait, [this] { return !client_.expired(); }));
      client = client_;
    }
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> finished = done->get_future();
    server_.get_io_service().post([this, client, action = std::move(action), done] {
      action(server_.get_con_from_hdl(client));
      done->set_value();
    });
    ASSERT_EQ(finished.wait_for(timeout), std::future_status::ready);
  }

  void Send(std::string message, std::chrono::seconds timeout = kWait) {
    Run([message = std::move(message)](Server::connection_ptr con) { con->send(message); },
        timeout);
  }
  void DropTcp() {
    Run([](Server::connection_ptr con) {
      boost::system::error_code ec;
      con->get_raw_socket().close(ec);
    });
  }
  void CloseNormally() {
    Run([](Server::connection_ptr con) { con->close(websocketpp::close::status::normal, "bye"); });
  }

  std::vector<std::string> WaitForReceived(size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, kWait, [&] { return received_.size() >= count; });
    return received_;
  }
  // The close code the client sent, once the server saw the connection close.
  std::optional<int> WaitForClientClose() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, kWait, [&] { return client_close_code_.has_value(); });
    return client_close_code_;
  }

 private:
  Server server_;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
  websocketpp::connection_hdl client_;
  std::vector<std::string> received_;
  std::optional<int> client_close_code_;
  std::thread thread_;
};

// A listening port on 127.0.0.1. The kernel's backlog completes connections; unless a test
// accepts and answers, the peer then hears nothing at all.
struct SilentListener {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io, {asio::ip::address_v4::loopback(), 0}};
  int port() const { return acceptor.local_endpoint().port(); }
};

// A port nothing listens on: bound once, then released.
int RefusedPort() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::address_v4::loopback(), 0});
  return acceptor.local_endpoint().port();
}

size_t CountEntries(const char* dir) {
  auto entries = std::filesystem::directory_iterator(dir);
  return static_cast<size_t>(std::distance(begin(entries), end(entries)));
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class WebSocketTransportTest : public ::testing::Test {
 protected:
  void Connect() {
    transport_ = cdp::ConnectWebSocket(endpoint_.Url(), 5s);
    transport_->Start(received_.Handlers());
  }

  FakeEndpoint endpoint_;
  Received received_;
  std::unique_ptr<cdp::Transport> transport_;
};

TEST_F(WebSocketTransportTest, EchoesAMessage) {
  Connect();
  transport_->Send(R"({"id":1,"method":"Browser.getVersion"})");
  ASSERT_TRUE(received_.WaitForMessages(1));
  EXPECT_EQ(received_.messages[0], R"({"id":1,"method":"Browser.getVersion"})");
}

TEST_F(WebSocketTransportTest, DeliversSeveralMessagesInOrder) {
  Connect();
  endpoint_.Run([](Server::connection_ptr con) {
    for (int i = 0; i < 50; ++i) con->send("message " + std::to_string(i));
  });
  ASSERT_TRUE(received_.WaitForMessages(50));
  for (int i = 0; i < 50; ++i) EXPECT_EQ(received_.messages[i], "message " + std::to_string(i));
}

TEST_F(WebSocketTransportTest, DeliversA100MBMessageIntact) {
  Connect();
  std::string big(100 * 1000 * 1000, ' ');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i * 7 % 26);
  // Framing and sending 100 MB took over 10 s under ThreadSanitizer with other tests running:
  // these bounds only catch a message that never arrives.
  endpoint_.Send(big, 300s);
  ASSERT_TRUE(received_.WaitForMessages(1, 300s));
  EXPECT_EQ(received_.messages[0].size(), big.size());
  EXPECT_TRUE(received_.messages[0] == big);
  EXPECT_TRUE(received_.closes.empty());
}

TEST_F(WebSocketTransportTest, WhatArrivesBeforeStartIsDeliveredInOrderByStart) {
  transport_ = cdp::ConnectWebSocket(endpoint_.Url(), 5s);
  endpoint_.Send("first");
  endpoint_.Send("second");
  endpoint_.CloseNormally();
  ASSERT_TRUE(endpoint_.WaitForClientClose());
  transport_->Start(received_.Handlers());
  ASSERT_TRUE(received_.WaitForClose());
  EXPECT_EQ(received_.messages, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(received_.closes, std::vector<std::string>{"websocket closed: 1000 bye"});
}

TEST_F(WebSocketTransportTest, TcpDropIsReportedOnceAsAbnormalClose) {
  Connect();
  endpoint_.DropTcp();
  ASSERT_TRUE(received_.WaitForClose());
  transport_->Send("into the void");  // a no-op now
  transport_->Close();
  ASSERT_EQ(received_.closes.size(), 1u);
  EXPECT_TRUE(Contains(received_.closes[0], "websocket closed: 1006")) << received_.closes[0];
}

TEST_F(WebSocketTransportTest, PeerCloseIsReportedWithCodeAndReason) {
  Connect();
  endpoint_.CloseNormally();
  ASSERT_TRUE(received_.WaitForClose());
  transport_.reset();
  EXPECT_EQ(received_.closes, std::vector<std::string>{"websocket closed: 1000 bye"});
}

TEST_F(WebSocketTransportTest, CloseIsIdempotentAndReportsOnce) {
  Connect();
  auto start = Clock::now();
  transport_->Close();
  EXPECT_LT(Clock::now() - start, 1s);
  transport_->Close();
  transport_->Send("after close");
  transport_.reset();
  ASSERT_EQ(received_.closes.size(), 1u);
  EXPECT_TRUE(Contains(received_.closes[0], "websocket closed by cujo")) << received_.closes[0];
  EXPECT_EQ(endpoint_.WaitForClientClose(), 1000);
}

TEST_F(WebSocketTransportTest, SendsFromSeveralThreadsAllArriveInPerThreadOrder) {
  Connect();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([this, t] {
      for (int i = 0; i < kPerThread; ++i) {
        transport_->Send(std::to_string(t) + ":" + std::to_string(i));
      }
    });
  }
  for (auto& sender : senders) sender.join();
  auto arrived = endpoint_.WaitForReceived(kThreads * kPerThread);
  ASSERT_EQ(arrived.size(), size_t{kThreads * kPerThread});
  std::map<int, int> next;  // thread -> next expected index
  for (const std::string& m : arrived) {
    int t = std::stoi(m.substr(0, m.find(':')));
    EXPECT_EQ(std::stoi(m.substr(m.find(':') + 1)), next[t]++) << m;
  }
  EXPECT_TRUE(received_.WaitForMessages(kThreads * kPerThread));
}

TEST_F(WebSocketTransportTest, NoDescriptorOrThreadOutlivesATransport) {
  size_t fds = CountEntries("/proc/self/fd");
  size_t threads = CountEntries("/proc/self/task");
  for (int i = 0; i < 3; ++i) {
    Received received;
    auto transport = cdp::ConnectWebSocket(endpoint_.Url(), 5s);
    transport->Start(received.Handlers());
    transport->Send("ping");
    ASSERT_TRUE(received.WaitForMessages(1));
  }
  EXPECT_THROW(cdp::ConnectWebSocket("ws://127.0.0.1:" + std::to_string(RefusedPort()), 5s),
               cdp::Error);
  {
    SilentListener silent;
    EXPECT_THROW(cdp::ConnectWebSocket("ws://127.0.0.1:" + std::to_string(silent.port()), 100ms),
                 cdp::Error);
  }
  EXPECT_EQ(CountEntries("/proc/self/fd"), fds);
  EXPECT_EQ(CountEntries("/proc/self/task"), threads);
}

TEST(WebSocketConnectTest, RefusedConnectionFailsFast) {
  std::string url = "ws://127.0.0.1:" + std::to_string(RefusedPort()) + "/devtools/browser/x";
  auto start = Clock::now();
  cdp::Error e = CaptureError([&] { cdp::ConnectWebSocket(url, 5s); });
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(e.kind(), cdp::ErrorKind::kDisconnected);
  EXPECT_TRUE(Contains(e.what(), "cannot connect to " + url + ": ")) << e.what();
}

TEST(WebSocketConnectTest, UnansweredHandshakeTimesOut) {
  SilentListener silent;
  std::string url = "ws://127.0.0.1:" + std::to_string(silent.port()) + "/devtools/browser/x";
  auto start = Clock::now();
  cdp::Error e = CaptureError([&] { cdp::ConnectWebSocket(url, 300ms); });
  EXPECT_GE(Clock::now() - start, 300ms);
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_EQ(e.kind(), cdp::ErrorKind::kDisconnected);
  EXPECT_TRUE(Contains(e.what(), "cannot connect to " + url)) << e.what();
}

TEST(WebSocketConnectTest, MalformedUrlIsRejected) {
  cdp::Error e = CaptureError([] { cdp::ConnectWebSocket("ws://", 1s); });
  EXPECT_EQ(e.kind(), cdp::ErrorKind::kDisconnected);
  EXPECT_TRUE(Contains(e.what(), "cannot connect to ws://")) << e.what();
}

TEST(EndpointDiscoveryTest, WebSocketUrlIsReturnedAsIs) {
  EXPECT_EQ(cdp::ResolveBrowserWebSocketUrl("ws://127.0.0.1:1/devtools/browser/x", 1s),
            "ws://127.0.0.1:1/devtools/browser/x");
}

TEST(EndpointDiscoveryTest, HttpEndpointAsksJsonVersion) {
  cujo_test::LocalHttpServer http(
      {{"/json/version",
        {200, "application/json",
         R"({"Browser":"Chrome/1","webSocketDebuggerUrl":"ws://127.0.0.1:9/devtools/browser/b"})"}}});
  std::string endpoint = "http://127.0.0.1:" + std::to_string(http.port());
  EXPECT_EQ(cdp::ResolveBrowserWebSocketUrl(endpoint, 5s), "ws://127.0.0.1:9/devtools/browser/b");
  EXPECT_EQ(cdp::ResolveBrowserWebSocketUrl(endpoint + "/", 5s),
            "ws://127.0.0.1:9/devtools/browser/b");
  EXPECT_EQ(http.Requests(), (std::vector<std::string>{"GET /json/version", "GET /json/version"}));
}

// Like Chromium's DevTools server: ignores "Connection: close" and keeps the socket open.
TEST(EndpointDiscoveryTest, ReadsContentLengthBytesWithoutWaitingForEof) {
  SilentListener listener;
  asio::ip::tcp::socket peer(listener.io);
  std::thread server([&] {
    listener.acceptor.accept(peer);
    asio::streambuf request;
    asio::read_until(peer, request, "\r\n\r\n");
    std::string body = R"({"webSocketDebuggerUrl":"ws://127.0.0.1:9/devtools/browser/k"})";
    asio::write(peer, asio::buffer("HTTP/1.1 200 OK\r\nContent-Length:" +
                                   std::to_string(body.size()) + "\r\n\r\n" + body));
  });
  EXPECT_EQ(cdp::ResolveBrowserWebSocketUrl(
                "http://127.0.0.1:" + std::to_string(listener.port()) + "/", 2s),
            "ws://127.0.0.1:9/devtools/browser/k");
  server.join();
}

// Each broken endpoint fails with kDisconnected, naming the endpoint and the cause.
void ExpectDiscoveryError(const std::string& endpoint, const std::string& cause,
                          std::chrono::milliseconds timeout = 5s) {
  auto start = Clock::now();
  cdp::Error e = CaptureError([&] { cdp::ResolveBrowserWebSocketUrl(endpoint, timeout); });
  EXPECT_LT(Clock::now() - start, timeout + 1s);
  EXPECT_EQ(e.kind(), cdp::ErrorKind::kDisconnected);
  EXPECT_TRUE(Contains(e.what(), endpoint)) << e.what();
  EXPECT_TRUE(Contains(e.what(), cause)) << e.what();
}

TEST(EndpointDiscoveryTest, BrokenEndpointsFailWithTheCause) {
  cujo_test::LocalHttpServer http(
      {{"/json/version", {200, "application/json", R"({"Browser":"Chrome/1"})"}}});
  ExpectDiscoveryError(http.Url(""), "no webSocketDebuggerUrl");

  cujo_test::LocalHttpServer not_json({{"/json/version", {200, "text/html", "<html>"}}});
  ExpectDiscoveryError(not_json.Url(""), "not JSON");

  cujo_test::LocalHttpServer not_found({});
  ExpectDiscoveryError(not_found.Url(""), "HTTP status \"HTTP/1.1 404 Not Found\"");

  ExpectDiscoveryError("http://127.0.0.1:" + std::to_string(RefusedPort()), "Connection refused");

  SilentListener silent;
  ExpectDiscoveryError("http://127.0.0.1:" + std::to_string(silent.port()),
                       "no response within 300 ms", 300ms);

  ExpectDiscoveryError("https://127.0.0.1:9222", "unsupported browser endpoint");
  ExpectDiscoveryError("http://127.0.0.1:", "unsupported browser endpoint");
}

// A real headless Chromium with --remote-debugging-port=0 in its own process group, its
// output drained; SIGKILLed (group), reaped and its directories removed on destruction.
class Chromium {
 public:
  Chromium() : root_("cujo-ws-test-") {
    std::filesystem::create_directory(root_.path() + "/profile");
    std::filesystem::create_directory(root_.path() + "/config");
    std::vector<std::string> args = {"/usr/lib/chromium/chromium",
                                     "--headless=new",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-quic",
                                     "--no-first-run",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--disable-dev-shm-usage",
                                     "--remote-debugging-port=0",
                                     "--user-data-dir=" + root_.path() + "/profile",
                                     "about:blank"};
    // Crashpad's database ignores --user-data-dir and follows XDG_CONFIG_HOME.
    std::vector<std::string> env = {"XDG_CONFIG_HOME=" + root_.path() + "/config"};
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string(*e).rfind("XDG_CONFIG_HOME=", 0) != 0) env.emplace_back(*e);
    }
    std::vector<char*> argv = Pointers(args);
    std::vector<char*> envp = Pointers(env);

    int output[2];
    if (pipe2(output, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    pid_ = fork();
    if (pid_ == 0) {  // only async-signal-safe calls until exec
      setpgid(0, 0);
      dup2(output[1], STDOUT_FILENO);
      dup2(output[1], STDERR_FILENO);
      close_range(3, ~0U, 0);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    close(output[1]);
    if (pid_ < 0) {
      close(output[0]);
      throw std::runtime_error("fork failed");
    }
    setpgid(pid_, pid_);  // also here, so the group exists before anyone signals it
    output_fd_ = output[0];
    drain_ = std::thread([this] { Drain(); });
  }

  ~Chromium() {
    Kill();
    // Crashpad's handlers left the group; they reference our config dir and exit by themselves.
    cdp::KillProcessesReferencing(root_.path(), 2s);
    drain_.join();
    close(output_fd_);
  }

  // The ws:// URL Chromium printed, or nullopt when it did not within `timeout`.
  std::optional<std::string> WaitForWebSocketUrl(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, timeout, [this] { return ws_url_.has_value() || output_ended_; });
    return ws_url_;
  }

  std::string Output() {
    std::lock_guard<std::mutex> lock(mutex_);
    return output_;
  }

  void Kill() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  static std::vector<char*> Pointers(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (std::string& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
  }

  void Drain() {
    const std::string marker = "DevTools listening on ";
    char buffer[4096];
    ssize_t n;
    while ((n = read(output_fd_, buffer, sizeof buffer)) != 0) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      std::lock_guard<std::mutex> lock(mutex_);
      if (output_.size() < (1 << 16)) output_.append(buffer, static_cast<size_t>(n));
      size_t at = output_.find(marker);
      size_t end = output_.find('\n', at);
      if (!ws_url_ && at != std::string::npos && end != std::string::npos) {
        ws_url_ = output_.substr(at + marker.size(), end - at - marker.size());
        cv_.notify_all();
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    output_ended_ = true;
    cv_.notify_all();
  }

  cdp::TempDir root_;
  pid_t pid_ = 0;
  int output_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::string output_;  // the first 64 KiB
  std::optional<std::string> ws_url_;
  bool output_ended_ = false;
  std::thread drain_;
};

// "ws://127.0.0.1:PORT/devtools/browser/ID" -> "http://127.0.0.1:PORT"
std::string HttpEndpointOf(const std::string& ws_url) {
  return "http://" + ws_url.substr(5, ws_url.find('/', 5) - 5);
}

TEST(WebSocketChromiumTest, TalksToChromiumAndSeesItDie) {
  Chromium chromium;
  auto ws_url = chromium.WaitForWebSocketUrl(kWait);
  ASSERT_TRUE(ws_url) << chromium.Output();
  EXPECT_EQ(cdp::ResolveBrowserWebSocketUrl(HttpEndpointOf(*ws_url), 5s), *ws_url);

  Received received;
  auto transport = cdp::ConnectWebSocket(*ws_url, 5s);
  transport->Start(received.Handlers());
  transport->Send(R"({"id":1,"method":"Browser.getVersion"})");
  ASSERT_TRUE(received.WaitForMessages(1));
  EXPECT_TRUE(Contains(received.messages[0], R"("id":1)")) << received.messages[0];
  EXPECT_TRUE(Contains(received.messages[0], R"("product")")) << received.messages[0];

  chromium.Kill();
  ASSERT_TRUE(received.WaitForClose(1s));
  EXPECT_TRUE(Contains(received.closes[0], "websocket closed: 1006")) << received.closes[0];
  transport->Close();
  EXPECT_EQ(received.closes.size(), 1u);
}

TEST(WebSocketChromiumTest, CloseDoesNotWaitLongForChromium) {
  Chromium chromium;
  auto ws_url = chromium.WaitForWebSocketUrl(kWait);
  ASSERT_TRUE(ws_url) << chromium.Output();
  Received received;
  auto transport = cdp::ConnectWebSocket(*ws_url, 5s);
  transport->Start(received.Handlers());
  auto start = Clock::now();
  transport->Close();
  EXPECT_LT(Clock::now() - start, 1500ms);
  ASSERT_EQ(received.closes.size(), 1u);
  EXPECT_TRUE(Contains(received.closes[0], "websocket closed by cujo")) << received.closes[0];
}

}  // namespace
