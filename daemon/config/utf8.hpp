#pragma once

#include <optional>
#include <string_view>

namespace plugboard::config::detail {

struct TextPosition {
    int line;    // 1-based
    int column;  // 1-based, in bytes like yaml-cpp's marks
};

// Where `text` first stops being UTF-8, if it does. A leading byte order mark is skipped,
// as yaml-cpp does.
std::optional<TextPosition> find_invalid_utf8(std::string_view text);

}  // namespace plugboard::config::detail
