// The value being validated: a simdjson element, or an object key when `propertyNames` applies
// a schema to a name that has no element of its own.
#pragma once

#include <simdjson.h>

#include <string_view>

namespace plugboard::schema::detail {

enum class InstanceKind { null, boolean, number, string, array, object };

struct Instance {
    InstanceKind kind = InstanceKind::null;
    simdjson::dom::element element;  // unset for property names
    std::string_view text;           // the string, when kind == string

    static Instance of(simdjson::dom::element element) noexcept;
    static Instance of_property_name(std::string_view name) noexcept;
};

std::string_view kind_name(InstanceKind kind) noexcept;

// Typed views of an element whose type the caller has checked. They return by value because
// simdjson_result::value_unsafe() on a temporary hands out a reference into that temporary.
simdjson::dom::array as_array(simdjson::dom::element element) noexcept;
simdjson::dom::object as_object(simdjson::dom::element element) noexcept;
std::string_view as_string(simdjson::dom::element element) noexcept;
bool as_bool(simdjson::dom::element element) noexcept;

}  // namespace plugboard::schema::detail
