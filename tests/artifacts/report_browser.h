// report.html as a QA engineer sees it: opened from disk (file://) in headless Chromium through
// cujo's own CDP client, while watching for what must never happen in it: a JavaScript
// exception, a console error (a blocked resource, a CSP violation), or a dialog (an alert would
// mean that text from a page ran as script).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cdp/browser.h"
#include "cdp/page.h"

namespace cujo_test {

class ReportBrowser {
 public:
  explicit ReportBrowser(int width = 1280, int height = 900);
  ~ReportBrowser();

  // Navigates to file://`path` and waits for its load event.
  void Open(const std::string& path);
  cdp::Json Evaluate(const std::string& expression);
  std::string Screenshot(const cdp::ScreenshotOptions& options = {});

  std::vector<std::string> problems() const;  // exceptions and console errors, one line each
  int dialogs() const;

 private:
  std::unique_ptr<cdp::Browser> browser_;
  std::unique_ptr<cdp::BrowserContext> context_;
  std::unique_ptr<cdp::Page> page_;
  std::vector<cdp::Subscription> subscriptions_;
  mutable std::mutex mutex_;
  std::vector<std::string> problems_;
  int dialogs_ = 0;
};

}  // namespace cujo_test
