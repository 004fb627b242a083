// The websocket transport, for browsers cujo did not launch (or launched with a debugging
// port): a websocketpp asio client whose io_service runs on one thread owned by the transport.
// websocketpp stays inside this file; it must be compiled as C++17 (see the shared notes).
#include <spdlog/spdlog.h>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cdp/error.h"
#include "cdp/transport.h"

namespace cdp {

namespace {

using Client = websocketpp::client<websocketpp::config::asio_client>;

// A full-page screenshot is tens of MB; websocketpp's default (32 MB) would close with 1009.
constexpr size_t kMaxMessageBytes = size_t{1} << 30;
// Chrome often leaves a close frame unanswered: wait this long, then drop the TCP connection.
constexpr std::chrono::milliseconds kCloseHandshakeWait{500};

class WebSocketTransport final : public Transport {
 public:
  WebSocketTransport() {
    client_.clear_access_channels(websocketpp::log::alevel::all);
    client_.clear_error_channels(websocketpp::log::elevel::all);
    client_.set_max_message_size(kMaxMessageBytes);
    client_.set_close_handshake_timeout(kCloseHandshakeWait.count());
    client_.init_asio();
    // Without TCP_NODELAY a command sent while the previous one is unacknowledged waits for
    // the browser's ACK.
    client_.set_tcp_pre_init_handler([this](websocketpp::connection_hdl) {
      boost::system::error_code ec;  // best effort: only latency depends on it
      connection_->get_raw_socket().set_option(boost::asio::ip::tcp::no_delay(true), ec);
    });
  }

  ~WebSocketTransport() override { Close(); }

  // Returns once the websocket is open; throws cdp::Error(kDisconnected) otherwise. On failure
  // the I/O thread is already joined.
  void Open(const std::string& url, std::chrono::milliseconds timeout) {
    auto fail = [&](const std::string& why) {
      return Error(ErrorKind::kDisconnected, "cannot connect to " + url + ": " + why);
    };
    websocketpp::lib::error_code ec;
    connection_ = client_.get_connection(url, ec);
    if (ec) throw fail(ec.message());
    connection_->set_open_handshake_timeout(timeout.count());
    connection_->set_open_handler([this](websocketpp::connection_hdl) { OpenFinished(""); });
    connection_->set_fail_handler(
        [this](websocketpp::connection_hdl) { OpenFinished(connection_->get_ec().message()); });
    connection_->set_message_handler([this](websocketpp::connection_hdl, Client::message_ptr m) {
      OnMessage(std::move(m->get_raw_payload()));
    });
    connection_->set_close_handler([this](websocketpp::connection_hdl) {
      // "1000 bye", "1000" or "1006 End of File" (the peer vanished without a close frame).
      std::string detail = std::to_string(connection_->get_remote_close_code());
      std::string text = connection_->get_remote_close_reason();
      if (text.empty() && connection_->get_ec()) text = connection_->get_ec().message();
      if (!text.empty()) detail += " " + text;
      OnClosed((closing_ ? "websocket closed by cujo: " : "websocket closed: ") + detail);
    });
    client_.connect(connection_);
    io_thread_ = std::thread([this] { RunIo(); });

    std::unique_lock<std::mutex> lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [this] { return open_error_.has_value(); })) {
      open_error_ = "no websocket handshake within " + std::to_string(timeout.count()) + " ms";
    }
    if (open_error_->empty()) return;
    std::string why = *open_error_;
    lock.unlock();
    client_.stop();
    io_thread_.join();
    throw fail(why);
  }

  void Start(Handlers handlers) override {
    std::lock_guard<std::mutex> lock(mutex_);
    handlers_ = std::move(handlers);
    // Whatever arrived between the handshake and Start, delivered in order before anything
    // newer (the I/O thread waits on mutex_ meanwhile).
    for (std::string& message : backlog_) handlers_.on_message(std::move(message));
    backlog_.clear();
    if (close_reason_) handlers_.on_close(*close_reason_);
    started_ = true;
  }

  void Send(std::string message) override {
    if (closed_) return;
    // Every use of the connection happens on the I/O thread; posting keeps the sends of one
    // thread in order and never blocks.
    client_.get_io_service().post([this, message = std::move(message)] {
      // A closed connection refuses with an error code; on_close reports the close itself.
      connection_->send(message, websocketpp::frame::opcode::text);
    });
  }

  void Close() override {
    std::lock_guard<std::mutex> close_lock(close_mutex_);
    closing_ = true;
    closed_ = true;
    if (io_thread_.joinable()) {
      client_.get_io_service().post([this] {
        websocketpp::lib::error_code ec;
        if (connection_->get_state() == websocketpp::session::state::open) {
          connection_->close(websocketpp::close::status::normal, "", ec);
        }
      });
      {
        std::unique_lock<std::mutex> lock(mutex_);
        // websocketpp gives up on the handshake itself after kCloseHandshakeWait; this bound
        // only matters if it does not.
        cv_.wait_for(lock, 2 * kCloseHandshakeWait, [this] { return close_reason_.has_value(); });
      }
      client_.stop();
      io_thread_.join();
    }
    OnClosed("websocket closed by cujo");
  }

 private:
  void RunIo() {
    try {
      client_.run();
    } catch (const std::exception& e) {
      OnClosed(std::string("websocket I/O failed: ") + e.what());
      OpenFinished(std::string("I/O failed: ") + e.what());
    }
  }

  // `error` is empty when the websocket opened.
  void OpenFinished(std::string error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!open_error_) open_error_ = std::move(error);
    cv_.notify_all();
  }

  void OnMessage(std::string message) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!started_) {
        backlog_.push_back(std::move(message));
        return;
      }
    }
    handlers_.on_message(std::move(message));
  }

  // Reports the first close only.
  void OnClosed(std::string reason) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (close_reason_) return;
      closed_ = true;
      spdlog::debug("{}", reason);
      close_reason_ = reason;
      cv_.notify_all();
      if (!started_) return;
    }
    handlers_.on_close(std::move(reason));
  }

  Client client_;
  Client::connection_ptr connection_;  // used on the I/O thread once it runs

  std::mutex close_mutex_;            // serializes Close()
  std::atomic<bool> closing_{false};  // Close() was called
  std::atomic<bool> closed_{false};   // Send has nothing to send to any more

  std::mutex mutex_;  // guards everything below, and the cv
  std::condition_variable cv_;
  std::optional<std::string> open_error_;    // set once the open succeeded ("") or failed
  std::optional<std::string> close_reason_;  // set once the channel is gone
  bool started_ = false;                     // handlers_ is set and never changes again
  Handlers handlers_;
  std::vector<std::string> backlog_;  // messages that arrived before Start

  std::thread io_thread_;
};

}  // namespace

std::unique_ptr<Transport> ConnectWebSocket(const std::string& ws_url,
                                            std::chrono::milliseconds timeout) {
  auto transport = std::make_unique<WebSocketTransport>();
  transport->Open(ws_url, timeout);
  return transport;
}

}  // namespace cdp
