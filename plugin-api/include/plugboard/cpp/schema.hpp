// JSON Schema for tool parameters, derived from C++ types, and the strict
// conversion of an argument back to its type.
#pragma once

#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace plugboard {

// Lets an enum be a parameter, as a string with "enum" values. Specialize it
// with `static constexpr std::array<std::pair<E, std::string_view>, N> values`
// or use PLUGBOARD_ENUM at global scope.
template <class E>
struct EnumValues;

// Gives the schema of a parameter type: `static nlohmann::json schema()`.
// Specialize it for your own types (which then also need a from_json).
template <class T>
struct JsonSchema;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
    EnumValues<E>::values;
};

template <class T>
concept JsonInteger = std::integral<T> && !std::same_as<T, bool>;

template <>
struct JsonSchema<bool> {
    static nlohmann::json schema() { return {{"type", "boolean"}}; }
};

template <JsonInteger T>
struct JsonSchema<T> {
    static nlohmann::json schema() {
        if constexpr (std::is_unsigned_v<T>) return {{"type", "integer"}, {"minimum", 0}};
        return {{"type", "integer"}};
    }
};

template <std::floating_point T>
struct JsonSchema<T> {
    static nlohmann::json schema() { return {{"type", "number"}}; }
};

template <>
struct JsonSchema<std::string> {
    static nlohmann::json schema() { return {{"type", "string"}}; }
};

// Any JSON value: no constraint.
template <>
struct JsonSchema<nlohmann::json> {
    static nlohmann::json schema() { return nlohmann::json::object(); }
};

// Optional parameters are left out of "required"; their schema is the inner one.
template <class T>
struct JsonSchema<std::optional<T>> {
    static nlohmann::json schema() { return JsonSchema<T>::schema(); }
};

template <class T>
struct JsonSchema<std::vector<T>> {
    static nlohmann::json schema() {
        return {{"type", "array"}, {"items", JsonSchema<T>::schema()}};
    }
};

template <NamedEnum E>
struct JsonSchema<E> {
    static nlohmann::json schema() {
        nlohmann::json names = nlohmann::json::array();
        for (const auto& [value, name] : EnumValues<E>::values)
            names.push_back(name);
        return {{"type", "string"}, {"enum", std::move(names)}};
    }
};

template <class T>
inline constexpr bool is_optional_v = false;
template <class T>
inline constexpr bool is_optional_v<std::optional<T>> = true;

template <class T>
inline constexpr bool is_vector_v = false;
template <class T>
inline constexpr bool is_vector_v<std::vector<T>> = true;

// An argument that does not fit its parameter; the text is for the model.
class ArgumentError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// Converts one argument, refusing what JSON Schema would refuse (1.5 for an
// integer, "1" for a number, an out-of-range integer) instead of coercing.
template <class T>
T read_argument(const nlohmann::json& value) {
    if constexpr (std::same_as<T, bool>) {
        if (!value.is_boolean()) throw ArgumentError("expected a boolean");
        return value.get<bool>();
    } else if constexpr (JsonInteger<T>) {
        if (value.is_number_unsigned()) {
            const auto number = value.get<std::uint64_t>();
            if (std::in_range<T>(number)) return static_cast<T>(number);
        } else if (value.is_number_integer()) {
            const auto number = value.get<std::int64_t>();
            if (std::in_range<T>(number)) return static_cast<T>(number);
        } else if (value.is_number_float()) {
            const double number = value.get<double>();
            if (std::trunc(number) != number) throw ArgumentError("expected an integer");
            // 2.0 is an integer to JSON Schema.
            if (number >= -0x1p63 && number < 0x1p63) {
                const auto whole = static_cast<std::int64_t>(number);
                if (std::in_range<T>(whole)) return static_cast<T>(whole);
            }
        } else {
            throw ArgumentError("expected an integer");
        }
        throw ArgumentError("integer out of range");
    } else if constexpr (std::floating_point<T>) {
        if (!value.is_number()) throw ArgumentError("expected a number");
        return value.get<T>();
    } else if constexpr (std::same_as<T, std::string>) {
        if (!value.is_string()) throw ArgumentError("expected a string");
        return value.get<std::string>();
    } else if constexpr (std::same_as<T, nlohmann::json>) {
        return value;
    } else if constexpr (is_optional_v<T>) {
        if (value.is_null()) return std::nullopt;
        return T(read_argument<typename T::value_type>(value));
    } else if constexpr (is_vector_v<T>) {
        if (!value.is_array()) throw ArgumentError("expected an array");
        T items;
        items.reserve(value.size());
        for (std::size_t index = 0; index < value.size(); ++index) {
            try {
                items.push_back(read_argument<typename T::value_type>(value[index]));
            } catch (const ArgumentError& error) {
                throw ArgumentError("item " + std::to_string(index) + ": " + error.what());
            }
        }
        return items;
    } else if constexpr (NamedEnum<T>) {
        if (value.is_string()) {
            const auto& text = value.get_ref<const std::string&>();
            for (const auto& [item, name] : EnumValues<T>::values) {
                if (name == text) return item;
            }
        }
        std::string allowed;
        for (const auto& [item, name] : EnumValues<T>::values) {
            allowed += (allowed.empty() ? "" : ", ") + std::string(name);
        }
        throw ArgumentError("expected one of: " + allowed);
    } else {
        try {
            return value.get<T>();
        } catch (const nlohmann::json::exception& error) {
            throw ArgumentError(error.what());
        }
    }
}

}  // namespace plugboard

// Specializes plugboard::EnumValues at global scope:
//   PLUGBOARD_ENUM(Unit, {Unit::metric, "metric"}, {Unit::imperial, "imperial"});
#define PLUGBOARD_ENUM(Type, ...)                                            \
    template <>                                                              \
    struct plugboard::EnumValues<Type> {                                     \
        static constexpr auto values =                                       \
            std::to_array<std::pair<Type, std::string_view>>({__VA_ARGS__}); \
    }
