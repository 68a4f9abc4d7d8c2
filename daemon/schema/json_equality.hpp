// Deep equality of JSON values as `enum`, `const` and `uniqueItems` define it: numbers compare
// by value (1 == 1.0), objects ignore member order.
#pragma once

#include "schema/instance.hpp"

#include <simdjson.h>
#include <boost/json/value.hpp>

#include <cstddef>

namespace plugboard::schema::detail {

bool json_equal(simdjson::dom::element a, simdjson::dom::element b);
bool json_equal(const Instance& instance, const boost::json::value& value);

// Consistent with json_equal: equal values hash equally.
std::size_t json_hash(simdjson::dom::element element);

}  // namespace plugboard::schema::detail
