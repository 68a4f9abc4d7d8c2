#include "config/utf8.hpp"

#include <cstdint>

namespace plugboard::config::detail {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Length of the well-formed UTF-8 sequence at the start of `text`, or 0 (Unicode table 3-7).
std::size_t sequence_length(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    const auto continuation_in = [&](std::size_t i, std::uint8_t low, std::uint8_t high) {
        return i < text.size() && byte(i) >= low && byte(i) <= high;
    };
    const std::uint8_t lead = byte(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    std::uint8_t second_low = 0x80;
    std::uint8_t second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) second_low = 0xA0;   // overlong
        if (lead == 0xED) second_high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) second_low = 0x90;   // overlong
        if (lead == 0xF4) second_high = 0x8F;  // beyond U+10FFFF
    } else {
        return 0;
    }
    if (!continuation_in(1, second_low, second_high)) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (!continuation_in(i, 0x80, 0xBF)) return 0;
    }
    return length;
}

}  // namespace

std::optional<TextPosition> find_invalid_utf8(std::string_view text) {
    if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
    int line = 1;
    int column = 1;
    while (!text.empty()) {
        const std::size_t length = sequence_length(text);
        if (length == 0) return TextPosition{line, column};
        if (text.front() == '\n') {
            ++line;
            column = 1;
        } else {
            column += static_cast<int>(length);
        }
        text.remove_prefix(length);
    }
    return std::nullopt;
}

}  // namespace plugboard::config::detail
