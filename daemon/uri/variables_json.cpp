#include <string_view>

#include "uri/uri_template.hpp"

namespace plugboard::uri {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

bool is_continuation(std::string_view text, std::size_t pos) {
    return pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence at `pos` (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0 if the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) second_min = 0xA0;
        if (lead == 0xED) second_max = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) second_min = 0x90;
        if (lead == 0xF4) second_max = 0x8F;
    } else {
        return 0;
    }
    if (pos + 1 >= text.size()) return 0;
    const auto second = static_cast<unsigned char>(text[pos + 1]);
    if (second < second_min || second > second_max) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (!is_continuation(text, pos + i)) return 0;
    }
    return length;
}

void append_json_string(std::string& out, std::string_view text) {
    constexpr std::string_view hex = "0123456789abcdef";
    out += '"';
    for (std::size_t pos = 0; pos < text.size();) {
        const char c = text[pos];
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) {
            const std::size_t length = utf8_sequence_length(text, pos);
            if (length == 0) {
                out += kReplacementCharacter;
                ++pos;
            } else {
                out += text.substr(pos, length);
                pos += length;
            }
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (byte < 0x20) {
                    out += "\\u00";
                    out += hex[byte >> 4];
                    out += hex[byte & 0x0F];
                } else {
                    out += c;
                }
        }
        ++pos;
    }
    out += '"';
}

}  // namespace

std::string variables_to_json(const Variables& vars) {
    std::string out = "{";
    for (const auto& [name, value] : vars) {
        if (out.size() > 1) out += ',';
        append_json_string(out, name);
        out += ':';
        if (const auto* text = std::get_if<std::string>(&value)) {
            append_json_string(out, *text);
            continue;
        }
        out += '[';
        const auto& items = std::get<std::vector<std::string>>(value);
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += ',';
            append_json_string(out, items[i]);
        }
        out += ']';
    }
    out += '}';
    return out;
}

}  // namespace plugboard::uri
