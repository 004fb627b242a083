// A Transport moves whole CDP messages (JSON text) between cujo and one browser. It knows
// nothing of ids, sessions or JSON: the Connection does. Two exist: the NUL-framed pipe of a
// browser cujo launched, and a websocket for browsers started by someone else.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace cdp {

class Transport {
 public:
  struct Handlers {
    // One complete message, in arrival order, called from the transport's I/O thread. Must
    // not block: take the string and hand it over.
    std::function<void(std::string message)> on_message;
    // Called exactly once when the channel is gone (peer closed, I/O error, Close()), after
    // the last on_message. `reason` says why, e.g. "pipe closed (EOF)" or "websocket closed
    // with 1006 End of File".
    std::function<void(std::string reason)> on_close;
  };

  virtual ~Transport() = default;
  // Starts delivering messages. Called once, before any Send.
  virtual void Start(Handlers handlers) = 0;
  // Queues one message. Thread-safe; never blocks on a slow peer for long. After the channel
  // closed it is a no-op (the Connection fails the call when on_close arrives).
  virtual void Send(std::string message) = 0;
  // Closes the channel and joins I/O threads; on_close fires if it has not yet. Idempotent.
  virtual void Close() = 0;
};

// The browser reads commands from `write_fd` and writes replies/events to `read_fd`; each
// message is followed by a NUL byte (--remote-debugging-pipe). Takes ownership of both fds.
std::unique_ptr<Transport> MakePipeTransport(int write_fd, int read_fd);

// Connects to a DevTools websocket (ws://host:port/devtools/browser/ID). Throws cdp::Error
// (kDisconnected) when the connection cannot be opened within `timeout`.
std::unique_ptr<Transport> ConnectWebSocket(const std::string& ws_url,
                                            std::chrono::milliseconds timeout);

// Why `endpoint` is neither ws://host:port/... nor http://host:port; "" when it is one.
std::string BrowserEndpointProblem(const std::string& endpoint);

// Resolves an endpoint given as ws://... (returned unchanged) or http://host:port (asks
// /json/version for webSocketDebuggerUrl). Throws cdp::Error (kDisconnected) with the cause.
std::string ResolveBrowserWebSocketUrl(const std::string& endpoint,
                                       std::chrono::milliseconds timeout);

}  // namespace cdp
