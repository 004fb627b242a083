// DecodeMessage on the shapes Chromium sends and on the ones it should not: each kind of
// message, and each way a message can fail to be CDP.
#include "cdp/message.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using cdp::IncomingEvent;
using cdp::IncomingReply;
using cdp::MalformedMessage;

template <typename T>
T As(const std::string& text) {
  cdp::IncomingMessage message = cdp::DecodeMessage(text);
  if (!std::holds_alternative<T>(message)) {
    ADD_FAILURE() << "wrong kind of message for " << text;
    return T{};
  }
  return std::get<T>(message);
}

TEST(DecodeMessage, ReplyCarriesItsIdAndResult) {
  auto reply = As<IncomingReply>(R"({"id":42,"result":{"frameId":"F"},"sessionId":"S"})");
  EXPECT_EQ(reply.id, 42u);
  EXPECT_EQ(reply.result["frameId"], "F");
  EXPECT_FALSE(reply.error.has_value());
}

TEST(DecodeMessage, ReplyWithoutResultHasAnEmptyObject) {
  auto reply = As<IncomingReply>(R"({"id":18446744073709551615})");
  EXPECT_EQ(reply.id, 18446744073709551615u);
  EXPECT_EQ(reply.result, nlohmann::json::object());
}

// Callers read fields of a result: one of another type fails the call instead (it threw a
// JSON type error, which no caller catches).
TEST(DecodeMessage, ResultThatIsNotAnObjectFailsTheCall) {
  auto reply = As<IncomingReply>(R"({"id":7,"result":["targetId"]})");
  EXPECT_EQ(reply.id, 7u);
  ASSERT_TRUE(reply.error.has_value());
  EXPECT_EQ(reply.error->message,
            "reply with a result that is not an object: {\"id\":7,\"result\":[\"targetId\"]}");
}

TEST(DecodeMessage, ErrorReplyCarriesCodeMessageAndData) {
  auto reply = As<IncomingReply>(
      R"({"id":3,"error":{"code":-32000,"message":"Cannot find context","data":"ctx 9"}})");
  ASSERT_TRUE(reply.error.has_value());
  EXPECT_EQ(reply.error->code, -32000);
  EXPECT_EQ(reply.error->message, "Cannot find context: ctx 9");
}

TEST(DecodeMessage, ErrorCodesOutsideIntAreZero) {
  EXPECT_EQ(As<IncomingReply>(R"({"id":1,"error":{"code":4294967296}})").error->code, 0);
  EXPECT_EQ(As<IncomingReply>(R"({"id":1,"error":{"code":-4294967296}})").error->code, 0);
  EXPECT_EQ(As<IncomingReply>(R"({"id":1,"error":{"code":"x","message":"m"}})").error->message,
            "m");
}

TEST(DecodeMessage, ErrorThatIsNotAnObjectIsQuoted) {
  auto reply = As<IncomingReply>(R"({"id":1,"error":"gone"})");
  ASSERT_TRUE(reply.error.has_value());
  EXPECT_EQ(reply.error->code, 0);
  EXPECT_EQ(reply.error->message, "\"gone\"");
}

TEST(DecodeMessage, EventWithAndWithoutSession) {
  auto page = As<IncomingEvent>(
      R"({"method":"Page.lifecycleEvent","params":{"name":"load"},"sessionId":"S1"})");
  EXPECT_EQ(page.method, "Page.lifecycleEvent");
  EXPECT_EQ(page.session_id, "S1");
  EXPECT_EQ(page.params["name"], "load");
  auto browser = As<IncomingEvent>(R"({"method":"Target.targetCreated"})");
  EXPECT_EQ(browser.session_id, "");
  EXPECT_EQ(browser.params, nlohmann::json::object());
}

TEST(DecodeMessage, WhatIsNotCdpIsMalformedWithAReason) {
  struct Case {
    std::string text;
    std::string problem;
  };
  const Case cases[] = {
      {"{not json", "malformed message: {not json"},
      {R"({"id":1,"result":{"a")", "malformed message"},
      {"[1,2,3]", "malformed message"},
      {"", "malformed message"},
      {std::string("\xff\xfe garbage"), "malformed message"},
      {R"({"hello":1})", "neither id nor method"},
      {R"({"method":7})", "neither id nor method"},
      {R"({"id":-5,"result":{}})", "bad id"},
      {R"({"id":1.5})", "bad id"},
      {R"({"id":"1"})", "bad id"},
      {R"({"method":"A.b","sessionId":5})", "bad sessionId"},
      {R"({"method":"A.b","params":[1]})", "params that are not an object"},
  };
  for (const Case& c : cases) {
    auto malformed = As<MalformedMessage>(c.text);
    EXPECT_NE(malformed.problem.find(c.problem), std::string::npos)
        << c.text << " -> " << malformed.problem;
  }
}

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(DecodeMessage, AValueAsDeepAsV8SerializesIsDecoded) {
  auto reply = As<IncomingReply>(R"({"id":1,"result":{"result":{"value":)" + Nested(1000) + "}}}");
  EXPECT_TRUE(reply.result["result"]["value"].is_array());
}

// Printing or copying it recursed once per level: a 100,000-deep error reply overflowed the
// stack of the dispatch thread.
TEST(DecodeMessage, DeeperIsMalformedNotAStackOverflow) {
  for (const std::string& text : {R"({"id":1,"error":)" + Nested(100000) + "}",
                                  R"({"method":"A.b","params":{"x":)" + Nested(100000) + "}}"}) {
    ASSERT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded());
    auto malformed = As<MalformedMessage>(text);
    EXPECT_NE(malformed.problem.find("nested more than"), std::string::npos) << malformed.problem;
  }
}

TEST(DecodeMessage, LongMalformedTextIsAbbreviated) {
  std::string text(100000, 'x');
  auto malformed = As<MalformedMessage>(text);
  EXPECT_LT(malformed.problem.size(), 300u);
  EXPECT_NE(malformed.problem.find("(100000 bytes)"), std::string::npos);
}

}  // namespace
