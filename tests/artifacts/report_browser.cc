#include "tests/artifacts/report_browser.h"

#include <filesystem>

namespace cujo_test {

ReportBrowser::ReportBrowser(int width, int height) {
  browser_ = cdp::Browser::Launch({});
  context_ = browser_->NewContext();
  page_ = context_->NewPage(cdp::Viewport{width, height, 1, false});
  auto record = [this](std::string line) {
    std::lock_guard<std::mutex> lock(mutex_);
    problems_.push_back(std::move(line));
  };
  subscriptions_.push_back(page_->On("Runtime.exceptionThrown", [record](const cdp::Json& event) {
    record("exception: " + event.dump());
  }));
  subscriptions_.push_back(page_->On("Runtime.consoleAPICalled", [record](const cdp::Json& event) {
    if (event.value("type", "") == "error") record("console.error: " + event.dump());
  }));
  subscriptions_.push_back(page_->On("Log.entryAdded", [record](const cdp::Json& event) {
    const cdp::Json& entry = event["entry"];
    if (entry.value("level", "") == "error") record("log: " + entry.dump());
  }));
  subscriptions_.push_back(page_->On("Page.javascriptDialogOpening", [this](const cdp::Json&) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++dialogs_;
  }));
  page_->Call("Log.enable");
}

ReportBrowser::~ReportBrowser() {
  subscriptions_.clear();
  page_.reset();
  context_.reset();
  browser_->Close();
}

void ReportBrowser::Open(const std::string& path) {
  page_->Navigate("file://" + std::filesystem::absolute(path).string());
}

cdp::Json ReportBrowser::Evaluate(const std::string& expression) {
  return page_->Evaluate(expression);
}

std::string ReportBrowser::Screenshot(const cdp::ScreenshotOptions& options) {
  return page_->Screenshot(options);
}

std::vector<std::string> ReportBrowser::problems() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return problems_;
}

int ReportBrowser::dialogs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dialogs_;
}

}  // namespace cujo_test
