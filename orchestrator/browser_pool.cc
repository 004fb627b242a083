#include "orchestrator/browser_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>

namespace orchestrator {

BrowserPool::BrowserPool(PoolOptions options) : options_(std::move(options)) {
  for (int i = 0; i < options_.browsers; ++i) slots_.push_back(std::make_unique<Slot>());
}

BrowserPool::~BrowserPool() { CloseAll(); }

std::shared_ptr<cdp::Browser> BrowserPool::Open(int slot) {
  std::shared_ptr<cdp::Browser> browser;
  if (options_.endpoints.empty()) {
    browser = cdp::Browser::Launch(options_.launch);
  } else {
    const auto& endpoint =
        options_.endpoints[static_cast<size_t>(slot) % options_.endpoints.size()];
    cdp::ConnectOptions connect;
    connect.call_timeout = options_.launch.call_timeout;
    browser = cdp::Browser::Connect(endpoint, connect);
  }
  if (options_.insecure) {
    browser->connection().Call("Security.setIgnoreCertificateErrors", {{"ignore", true}});
  }
  std::string user_agent =
      browser->connection().Call("Browser.getVersion").value("userAgent", std::string());
  std::lock_guard<std::mutex> lock(info_mutex_);
  ++launches_;
  opened_.erase(std::remove_if(opened_.begin(), opened_.end(),
                               [](const auto& weak) { return weak.expired(); }),
                opened_.end());
  opened_.push_back(browser);
  if (product_.empty()) {
    product_ = browser->product();
    user_agent_ = user_agent;
  }
  spdlog::debug("browser {} ready: {}", slot, browser->product());
  return browser;
}

void BrowserPool::Start() {
  std::vector<std::future<std::shared_ptr<cdp::Browser>>> starting;
  for (int i = 0; i < size(); ++i) {
    starting.push_back(std::async(std::launch::async, [this, i] { return Open(i); }));
  }
  std::optional<cdp::Error> first_error;
  int started = 0;
  for (int i = 0; i < size(); ++i) {
    try {
      auto browser = starting[static_cast<size_t>(i)].get();
      std::lock_guard<std::mutex> lock(slots_[static_cast<size_t>(i)]->mutex);
      slots_[static_cast<size_t>(i)]->browser = std::move(browser);
      ++started;
    } catch (const cdp::Error& e) {
      spdlog::error("browser {} could not start: {}", i, e.what());
      if (!first_error) first_error = e;
    }
  }
  if (started == 0 && first_error) throw *first_error;
}

std::shared_ptr<cdp::Browser> BrowserPool::Acquire(int slot) {
  Slot& s = *slots_[static_cast<size_t>(slot)];
  std::lock_guard<std::mutex> lock(s.mutex);
  bool worn_out = options_.recycle_after > 0 && s.uses >= options_.recycle_after;
  if (!s.browser || s.browser->connection().closed() || worn_out) {
    if (worn_out) spdlog::debug("recycling browser {} after {} journeys", slot, s.uses);
    // Journeys still running on the old browser keep it alive until they finish.
    s.browser.reset();
    s.browser = Open(slot);
    s.uses = 0;
  }
  ++s.uses;
  return s.browser;
}

void BrowserPool::ReportBroken(int slot, const std::shared_ptr<cdp::Browser>& browser) {
  Slot& s = *slots_[static_cast<size_t>(slot)];
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.browser == browser) s.browser.reset();
}

void BrowserPool::CloseAll() {
  std::vector<std::shared_ptr<cdp::Browser>> alive;
  {
    std::lock_guard<std::mutex> lock(info_mutex_);
    for (auto& weak : opened_) {
      if (auto browser = weak.lock()) alive.push_back(std::move(browser));
    }
    opened_.clear();
  }
  // In parallel: each close may wait a few seconds for its browser to exit.
  std::vector<std::future<void>> closing;
  for (auto& browser : alive) {
    closing.push_back(std::async(std::launch::async, [browser] { browser->Close(); }));
  }
  for (auto& close : closing) close.get();
}

std::string BrowserPool::product() const {
  std::lock_guard<std::mutex> lock(info_mutex_);
  return product_;
}

std::string BrowserPool::user_agent() const {
  std::lock_guard<std::mutex> lock(info_mutex_);
  return user_agent_;
}

int BrowserPool::launches() const {
  std::lock_guard<std::mutex> lock(info_mutex_);
  return launches_;
}

}  // namespace orchestrator
