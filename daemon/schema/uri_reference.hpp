// The bits of RFC 3986 and RFC 6901 that schema identifiers need: resolving `$id`/`$ref` against a
// base URI, splitting off the fragment, percent-decoding it and walking a JSON Pointer.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace plugboard::schema::detail {

// RFC 3986 section 5.2 reference resolution. Also works for an empty or relative base, which is
// what a schema without `$id` has.
std::string resolve_uri_reference(std::string_view base, std::string_view reference);

struct UriParts {
    std::string_view without_fragment;
    std::string_view fragment;  // without '#'
    bool has_fragment = false;
};
UriParts split_fragment(std::string_view uri);

// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);

// RFC 6901 evaluation; nullptr when the pointer is malformed or leads nowhere.
const boost::json::value* find_json_pointer(const boost::json::value& document,
                                            std::string_view pointer);

// Escapes one reference token ("~" -> "~0", "/" -> "~1").
std::string escape_json_pointer_token(std::string_view token);

}  // namespace plugboard::schema::detail
