// Short renderings of values and types for validation messages a model can act on.
#pragma once

#include "schema/instance.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace plugboard::schema::detail {

// A scalar as JSON text (long strings cut), or "an array"/"an object".
std::string describe_instance(const Instance& instance);

// Schema-side JSON (enum/const values), cut when long.
std::string describe_json(const boost::json::value& value);

// A quoted JSON string, cut when long.
std::string quote(std::string_view text);

// "string", "string or null", "integer, string or null" from a TypeBit mask.
std::string describe_types(std::uint8_t mask);

// "1 item", "3 items"
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural);

// Number of Unicode code points in valid UTF-8.
std::size_t count_code_points(std::string_view utf8) noexcept;

}  // namespace plugboard::schema::detail
