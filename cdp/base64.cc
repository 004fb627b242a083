#include "cdp/base64.h"

#include <array>
#include <cstdint>

#include "cdp/error.h"

namespace cdp {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xff;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) table[static_cast<uint8_t>(kAlphabet[i])] = i;
  return table;
}

constexpr std::array<uint8_t, 256> kDecodeTable = MakeDecodeTable();

[[noreturn]] void ThrowMalformed(const std::string& why) {
  throw Error(ErrorKind::kMalformed, "invalid base64: " + why);
}

}  // namespace

std::string Base64Decode(std::string_view encoded) {
  while (!encoded.empty() && encoded.back() == '=') encoded.remove_suffix(1);
  if (encoded.size() % 4 == 1) ThrowMalformed("length " + std::to_string(encoded.size()));
  std::string out;
  out.reserve(encoded.size() / 4 * 3 + 2);
  uint32_t accumulator = 0;
  int bits = 0;
  for (size_t i = 0; i < encoded.size(); ++i) {
    uint8_t value = kDecodeTable[static_cast<uint8_t>(encoded[i])];
    if (value == kInvalid) ThrowMalformed("unexpected character at offset " + std::to_string(i));
    accumulator = (accumulator << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((accumulator >> bits) & 0xff));
    }
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t chunk = (static_cast<uint8_t>(bytes[i]) << 16) |
                     (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlphabet[(chunk >> 18) & 63]);
    out.push_back(kAlphabet[(chunk >> 12) & 63]);
    out.push_back(kAlphabet[(chunk >> 6) & 63]);
    out.push_back(kAlphabet[chunk & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t chunk = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) chunk |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(chunk >> 18) & 63]);
    out.push_back(kAlphabet[(chunk >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(chunk >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace cdp
