// Small helpers that build JSON text by appending to a std::string, so
// responses are spliced together without building a DOM.
#pragma once

#include <string>
#include <string_view>

namespace plugboard::json {

// Appends `text` as a quoted JSON string. Invalid UTF-8 bytes become U+FFFD
// so the output is always valid JSON.
void append_string(std::string& out, std::string_view text);

// Returns `text` as a quoted JSON string.
std::string quote(std::string_view text);

// Appends a number the way JSON wants it (no NaN/Inf: those become null).
void append_number(std::string& out, double value);

}  // namespace plugboard::json
