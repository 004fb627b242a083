// The NUL-framed pipe transport over real pipes, with the test writing the browser's side.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "cdp/transport.h"
#include "tests/cdp/test_support.h"

namespace {

using cujo_test::Received;

class PipeTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int to_browser[2], from_browser[2];
    ASSERT_EQ(pipe2(to_browser, O_CLOEXEC), 0);
    ASSERT_EQ(pipe2(from_browser, O_CLOEXEC), 0);
    browser_reads_ = to_browser[0];
    browser_writes_ = from_browser[1];
    transport_ = cdp::MakePipeTransport(to_browser[1], from_browser[0]);
    transport_->Start(received_.Handlers());
  }
  void TearDown() override {
    transport_.reset();
    if (browser_reads_ >= 0) close(browser_reads_);
    CloseBrowserEnd();
  }

  void BrowserWrites(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = write(browser_writes_, bytes.data() + done, bytes.size() - done);
      ASSERT_GT(n, 0);
      done += static_cast<size_t>(n);
    }
  }
  void CloseBrowserEnd() {
    if (browser_writes_ >= 0) close(browser_writes_);
    browser_writes_ = -1;
  }

  int browser_reads_ = -1;
  int browser_writes_ = -1;
  std::unique_ptr<cdp::Transport> transport_;
  Received received_;
};

TEST_F(PipeTransportTest, SplitsMessagesAtNulAcrossAndWithinWrites) {
  BrowserWrites(std::string("{\"a\":1}\0{\"b\"", 12));
  BrowserWrites(std::string(":2}\0{\"c\":3}\0", 12));
  CloseBrowserEnd();
  ASSERT_TRUE(received_.WaitForClose());
  EXPECT_EQ(received_.messages, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
  EXPECT_EQ(received_.closes, (std::vector<std::string>{"pipe closed (EOF)"}));
}

TEST_F(PipeTransportTest, TruncatedMessageAtEofIsReportedInTheCloseReason) {
  BrowserWrites(std::string("{\"ok\":1}\0{\"id\":7,\"res", 20));
  CloseBrowserEnd();
  ASSERT_TRUE(received_.WaitForClose());
  EXPECT_EQ(received_.messages.size(), 1u);
  ASSERT_EQ(received_.closes.size(), 1u);
  EXPECT_NE(received_.closes[0].find("11 bytes without their NUL terminator"), std::string::npos)
      << received_.closes[0];
}

TEST_F(PipeTransportTest, HundredMegabyteMessageArrivesIntact) {
  std::string big(100 * 1024 * 1024, 'z');
  big[99] = 'q';
  std::thread writer([&] {
    BrowserWrites(big + std::string(1, '\0'));
    CloseBrowserEnd();
  });
  ASSERT_TRUE(received_.WaitForClose());
  writer.join();
  ASSERT_EQ(received_.messages.size(), 1u);
  EXPECT_EQ(received_.messages[0].size(), big.size());
  EXPECT_EQ(received_.messages[0], big);
}

TEST_F(PipeTransportTest, SendAppendsNulAndCloseReportsOnce) {
  transport_->Send("{\"id\":1}");
  char buffer[16] = {};
  ASSERT_EQ(read(browser_reads_, buffer, sizeof buffer), 9);
  EXPECT_EQ(std::string(buffer, 9), std::string("{\"id\":1}\0", 9));
  transport_->Close();
  transport_->Close();
  transport_->Send("{\"id\":2}");  // after close: a no-op, not a crash
  ASSERT_TRUE(received_.WaitForClose());
  EXPECT_EQ(received_.closes, (std::vector<std::string>{"pipe closed by cujo"}));
  // The browser sees EOF on its command pipe, which makes Chromium exit.
  EXPECT_EQ(read(browser_reads_, buffer, sizeof buffer), 0);
}

TEST_F(PipeTransportTest, SendAfterTheBrowserVanishedDoesNotKillCujo) {
  close(browser_reads_);
  browser_reads_ = -1;
  transport_->Send("{\"id\":1}");  // EPIPE, not SIGPIPE
  CloseBrowserEnd();
  ASSERT_TRUE(received_.WaitForClose());
}

// A browser that stops reading (frozen, SIGSTOPped) fills the pipe: the write waits, but Close()
// ends it (before, the writer held its lock in a blocking write(2) for ever, and Close() waited
// on that lock, so a stopped run never exited).
TEST_F(PipeTransportTest, CloseEndsASendTheBrowserStoppedReading) {
  auto sending =
      std::async(std::launch::async, [&] { transport_->Send(std::string(1 << 20, 'x')); });
  EXPECT_EQ(sending.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  auto closing = std::async(std::launch::async, [&] { transport_->Close(); });
  ASSERT_EQ(sending.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  ASSERT_EQ(closing.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  ASSERT_TRUE(received_.WaitForClose());
  // The browser gets what fitted in the pipe, then EOF.
  std::string buffer(1 << 16, '\0');
  size_t got = 0;
  ssize_t n;
  while ((n = read(browser_reads_, buffer.data(), buffer.size())) > 0)
    got += static_cast<size_t>(n);
  EXPECT_EQ(n, 0);
  EXPECT_GT(got, 0u);
  EXPECT_LT(got, size_t{1} << 20);
}

}  // namespace
