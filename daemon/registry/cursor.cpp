#include "registry/cursor.hpp"

#include <array>
#include <cstdint>

namespace plugboard::registry {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kPrefix = "k1:";  // format version, so old cursors fail cleanly

int decode_char(char c) {
    const auto position = kAlphabet.find(c);
    return position == std::string_view::npos ? -1 : static_cast<int>(position);
}

}  // namespace

std::string encode_cursor(std::string_view last_key) {
    std::string plain(kPrefix);
    plain.append(last_key);
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : plain) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
    return out;
}

std::optional<std::string> decode_cursor(std::string_view cursor) {
    std::string plain;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : cursor) {
        const int value = decode_char(c);
        if (value < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            plain.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    if (plain.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
    return plain.substr(kPrefix.size());
}

}  // namespace plugboard::registry
