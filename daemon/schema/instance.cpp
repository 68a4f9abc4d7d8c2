#include "schema/instance.hpp"

namespace plugboard::schema::detail {

Instance Instance::of(simdjson::dom::element element) noexcept {
    Instance instance;
    instance.element = element;
    switch (element.type()) {
        case simdjson::dom::element_type::ARRAY:
            instance.kind = InstanceKind::array;
            break;
        case simdjson::dom::element_type::OBJECT:
            instance.kind = InstanceKind::object;
            break;
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE:
            instance.kind = InstanceKind::number;
            break;
        case simdjson::dom::element_type::STRING:
            instance.kind = InstanceKind::string;
            instance.text = as_string(element);
            break;
        case simdjson::dom::element_type::BOOL:
            instance.kind = InstanceKind::boolean;
            break;
        case simdjson::dom::element_type::NULL_VALUE:
            instance.kind = InstanceKind::null;
            break;
    }
    return instance;
}

Instance Instance::of_property_name(std::string_view name) noexcept {
    Instance instance;
    instance.kind = InstanceKind::string;
    instance.text = name;
    return instance;
}

std::string_view kind_name(InstanceKind kind) noexcept {
    switch (kind) {
        case InstanceKind::null:
            return "null";
        case InstanceKind::boolean:
            return "boolean";
        case InstanceKind::number:
            return "number";
        case InstanceKind::string:
            return "string";
        case InstanceKind::array:
            return "array";
        case InstanceKind::object:
            return "object";
    }
    return "value";
}

simdjson::dom::array as_array(simdjson::dom::element element) noexcept {
    simdjson::dom::array array;
    [[maybe_unused]] const auto error = element.get(array);
    return array;
}

simdjson::dom::object as_object(simdjson::dom::element element) noexcept {
    simdjson::dom::object object;
    [[maybe_unused]] const auto error = element.get(object);
    return object;
}

std::string_view as_string(simdjson::dom::element element) noexcept {
    std::string_view text;
    [[maybe_unused]] const auto error = element.get(text);
    return text;
}

bool as_bool(simdjson::dom::element element) noexcept {
    bool value = false;
    [[maybe_unused]] const auto error = element.get(value);
    return value;
}

}  // namespace plugboard::schema::detail
