// NulFramer: messages split across chunks, several in one chunk, empty ones, and the size
// limit, whatever the chunking.
#include "cdp/nul_framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace std::string_literals;

struct Framed {
  std::vector<std::string> messages;
  bool ok = true;
  size_t pending = 0;
};

Framed Frame(const std::vector<std::string>& chunks, size_t limit = 1000) {
  cdp::NulFramer framer(limit);
  Framed framed;
  for (const std::string& chunk : chunks) {
    framed.ok = framer.Feed(chunk, [&](std::string m) { framed.messages.push_back(std::move(m)); });
    if (!framed.ok) break;
  }
  framed.pending = framer.pending_bytes();
  return framed;
}

TEST(NulFramer, SplitsAtNulAcrossAndWithinChunks) {
  Framed framed = Frame({"{\"a\":1}\0{\"b\""s, ":2}\0{\"c\":3}\0"s});
  EXPECT_TRUE(framed.ok);
  EXPECT_EQ(framed.messages, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
  EXPECT_EQ(framed.pending, 0u);
}

TEST(NulFramer, ByteByByteGivesTheSameMessages) {
  std::string stream = "ab\0\0cd\0ef"s;
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  Framed framed = Frame(bytes);
  EXPECT_EQ(framed.messages, (std::vector<std::string>{"ab", "", "cd"}));
  EXPECT_EQ(framed.pending, 2u);
}

TEST(NulFramer, MessageOverTheLimitFailsAfterTheOnesBeforeIt) {
  Framed whole = Frame({"12345\0"s
                        "123456\0"s
                        "1\0"s},
                       5);
  EXPECT_FALSE(whole.ok);
  EXPECT_EQ(whole.messages, (std::vector<std::string>{"12345"}));
  Framed split = Frame({"12345\0"s
                        "123"s,
                        "456"s},
                       5);
  EXPECT_FALSE(split.ok);
  EXPECT_EQ(split.messages, (std::vector<std::string>{"12345"}));
  Framed unfinished = Frame({"123456"s}, 5);
  EXPECT_FALSE(unfinished.ok);
}

}  // namespace
