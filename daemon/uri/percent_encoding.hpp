#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace plugboard::uri {

// RFC 3986 character classes.
bool is_unreserved(char c);
bool is_reserved(char c);

// True when text[pos] starts a "%XX" triplet with two hex digits.
bool is_percent_triplet(std::string_view text, std::size_t pos);

// Appends `text` with every byte outside the allowed set as an uppercase %XX triplet.
// Unreserved characters are always allowed; with `allow_reserved`, reserved characters and
// existing %XX triplets pass through as well (RFC 6570 "U+R").
void append_percent_encoded(std::string& out, std::string_view text, bool allow_reserved);

// Decodes %XX triplets into bytes. A '%' not followed by two hex digits is kept as is, and '+'
// stays '+' (URIs are not HTML form data).
std::string percent_decode(std::string_view text);

}  // namespace plugboard::uri
