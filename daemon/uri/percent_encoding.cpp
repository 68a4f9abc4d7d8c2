#include "uri/percent_encoding.hpp"

#include <string_view>

namespace plugboard::uri {
namespace {

constexpr std::string_view kHexDigits = "0123456789ABCDEF";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool is_ascii_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

bool is_unreserved(char c) {
    return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_reserved(char c) {
    return std::string_view(":/?#[]@!$&'()*+,;=").find(c) != std::string_view::npos;
}

bool is_percent_triplet(std::string_view text, std::size_t pos) {
    return pos + 2 < text.size() && text[pos] == '%' && hex_value(text[pos + 1]) >= 0 &&
           hex_value(text[pos + 2]) >= 0;
}

void append_percent_encoded(std::string& out, std::string_view text, bool allow_reserved) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_unreserved(c) || (allow_reserved && is_reserved(c))) {
            out += c;
        } else if (allow_reserved && is_percent_triplet(text, i)) {
            out += text.substr(i, 3);
            i += 2;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += kHexDigits[byte >> 4];
            out += kHexDigits[byte & 0x0F];
        }
    }
}

std::string percent_decode(std::string_view text) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_percent_triplet(text, i)) {
            decoded += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            decoded += text[i];
        }
    }
    return decoded;
}

}  // namespace plugboard::uri
