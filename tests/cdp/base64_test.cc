#include "cdp/base64.h"

#include <gtest/gtest.h>

#include "cdp/error.h"

namespace {

TEST(Base64, RoundTripsEveryLengthAndByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (size_t length = 0; length <= bytes.size(); ++length) {
    std::string slice = bytes.substr(0, length);
    EXPECT_EQ(cdp::Base64Decode(cdp::Base64Encode(slice)), slice) << "length " << length;
  }
}

TEST(Base64, DecodesKnownVectors) {
  EXPECT_EQ(cdp::Base64Decode("TWFu"), "Man");
  EXPECT_EQ(cdp::Base64Decode("TWE="), "Ma");
  EXPECT_EQ(cdp::Base64Decode("TQ=="), "M");
  EXPECT_EQ(cdp::Base64Encode("Ma"), "TWE=");
}

TEST(Base64, RejectsCharactersOutsideTheAlphabet) {
  try {
    cdp::Base64Decode("TW!u");
    FAIL() << "expected an error";
  } catch (const cdp::Error& e) {
    EXPECT_EQ(e.kind(), cdp::ErrorKind::kMalformed);
    EXPECT_NE(std::string(e.what()).find("offset 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(cdp::Base64Decode("TWFuT"), cdp::Error);
}

}  // namespace
