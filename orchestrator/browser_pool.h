// N browsers shared by the run's workers. A slot's browser is launched (or connected to, for
// remote pools) on first use, replaced when it dies, and recycled after K journeys so that a
// long traffic run does not carry one browser's leaks to the end.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cdp/browser.h"

namespace orchestrator {

struct PoolOptions {
  int browsers = 1;
  int recycle_after = 100;             // journeys per browser; 0: never recycle
  std::vector<std::string> endpoints;  // remote browsers (slot i uses endpoints[i % n])
  cdp::LaunchOptions launch;
  bool insecure = false;  // accept any TLS certificate
};

class BrowserPool {
 public:
  explicit BrowserPool(PoolOptions options);
  ~BrowserPool();
  BrowserPool(const BrowserPool&) = delete;
  BrowserPool& operator=(const BrowserPool&) = delete;

  int size() const { return static_cast<int>(slots_.size()); }
  // Brings every slot up in parallel. Throws the first cdp::Error when no browser started;
  // slots that failed are retried by Acquire.
  void Start();
  // A live browser for `slot`, replacing a dead or worn-out one first. Counts one journey.
  // Throws cdp::Error when a replacement cannot be launched.
  std::shared_ptr<cdp::Browser> Acquire(int slot);
  // The browser died under a journey: the slot's next Acquire replaces it.
  void ReportBroken(int slot, const std::shared_ptr<cdp::Browser>& browser);
  // Closes every browser now; journeys still running on them fail with "disconnected".
  void CloseAll();

  // From the first browser that started: Chromium's product and user agent strings.
  std::string product() const;
  std::string user_agent() const;
  int launches() const;

 private:
  struct Slot {
    std::mutex mutex;
    std::shared_ptr<cdp::Browser> browser;
    int uses = 0;
  };
  std::shared_ptr<cdp::Browser> Open(int slot);

  PoolOptions options_;
  std::vector<std::unique_ptr<Slot>> slots_;
  mutable std::mutex info_mutex_;
  // Every browser ever opened, including recycled ones still finishing a journey, so that
  // CloseAll leaves none behind.
  std::vector<std::weak_ptr<cdp::Browser>> opened_;
  std::string product_;
  std::string user_agent_;
  int launches_ = 0;
};

}  // namespace orchestrator
