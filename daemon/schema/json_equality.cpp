#include "schema/json_equality.hpp"

#include "schema/json_number.hpp"

#include <functional>

namespace plugboard::schema::detail {
namespace {

std::size_t combine(std::size_t seed, std::size_t value) {
    return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6U) + (seed >> 2U));
}

bool element_equals_value(simdjson::dom::element element, const boost::json::value& value) {
    switch (element.type()) {
        case simdjson::dom::element_type::NULL_VALUE:
            return value.is_null();
        case simdjson::dom::element_type::BOOL:
            return value.is_bool() && value.get_bool() == as_bool(element);
        case simdjson::dom::element_type::STRING:
            return value.is_string() && std::string_view(value.get_string()) == as_string(element);
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE: {
            const auto other = JsonNumber::from_json(value);
            return other && *JsonNumber::from_element(element) == *other;
        }
        case simdjson::dom::element_type::ARRAY: {
            const auto* array = value.if_array();
            if (array == nullptr) return false;
            const auto elements = as_array(element);
            std::size_t index = 0;
            for (const auto item : elements) {
                if (index >= array->size() || !element_equals_value(item, (*array)[index])) {
                    return false;
                }
                ++index;
            }
            return index == array->size();
        }
        case simdjson::dom::element_type::OBJECT: {
            const auto* object = value.if_object();
            if (object == nullptr) return false;
            std::size_t count = 0;
            for (const auto field : as_object(element)) {
                const auto* member = object->if_contains(field.key);
                if (member == nullptr || !element_equals_value(field.value, *member)) return false;
                ++count;
            }
            return count == object->size();
        }
    }
    return false;
}

}  // namespace

bool json_equal(simdjson::dom::element a, simdjson::dom::element b) {
    const auto a_number = JsonNumber::from_element(a);
    const auto b_number = JsonNumber::from_element(b);
    if (a_number || b_number) return a_number && b_number && *a_number == *b_number;
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case simdjson::dom::element_type::NULL_VALUE:
            return true;
        case simdjson::dom::element_type::BOOL:
            return as_bool(a) == as_bool(b);
        case simdjson::dom::element_type::STRING:
            return as_string(a) == as_string(b);
        case simdjson::dom::element_type::ARRAY: {
            const auto a_array = as_array(a);
            const auto b_array = as_array(b);
            auto b_it = b_array.begin();
            for (const auto item : a_array) {
                if (b_it == b_array.end() || !json_equal(item, *b_it)) return false;
                ++b_it;
            }
            return b_it == b_array.end();
        }
        case simdjson::dom::element_type::OBJECT: {
            const auto a_object = as_object(a);
            const auto b_object = as_object(b);
            std::size_t a_count = 0;
            for (const auto field : a_object) {
                const auto other = b_object.at_key(field.key);
                if (other.error() || !json_equal(field.value, other.value_unsafe())) return false;
                ++a_count;
            }
            std::size_t b_count = 0;
            for ([[maybe_unused]] const auto field : b_object)
                ++b_count;
            return a_count == b_count;
        }
        default:
            return false;
    }
}

bool json_equal(const Instance& instance, const boost::json::value& value) {
    if (instance.kind == InstanceKind::string) {
        return value.is_string() && std::string_view(value.get_string()) == instance.text;
    }
    return element_equals_value(instance.element, value);
}

std::size_t json_hash(simdjson::dom::element element) {
    if (const auto number = JsonNumber::from_element(element)) {
        // Hash through double: values that compare equal map to the same double.
        const double value = number->to_double();
        return std::hash<double>{}(value == 0.0 ? 0.0 : value);
    }
    switch (element.type()) {
        case simdjson::dom::element_type::NULL_VALUE:
            return 0x6e756c6cU;
        case simdjson::dom::element_type::BOOL:
            return as_bool(element) ? 0x74727565U : 0x66616c73U;
        case simdjson::dom::element_type::STRING:
            return std::hash<std::string_view>{}(as_string(element));
        case simdjson::dom::element_type::ARRAY: {
            std::size_t seed = 0x61727261U;
            for (const auto item : as_array(element)) {
                seed = combine(seed, json_hash(item));
            }
            return seed;
        }
        case simdjson::dom::element_type::OBJECT: {
            // Member order must not matter, so members are summed.
            std::size_t sum = 0x6f626a65U;
            for (const auto field : as_object(element)) {
                sum += combine(std::hash<std::string_view>{}(field.key), json_hash(field.value));
            }
            return sum;
        }
        default:
            return 0;
    }
}

}  // namespace plugboard::schema::detail
