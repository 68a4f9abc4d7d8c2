#include "schema/error_text.hpp"

#include "schema/compiled_schema.hpp"
#include "schema/json_number.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <cstdio>
#include <vector>

namespace plugboard::schema::detail {
namespace {

constexpr std::size_t kMaxQuotedCodePoints = 48;
constexpr std::size_t kMaxJsonChars = 64;

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

}  // namespace

std::size_t count_code_points(std::string_view utf8) noexcept {
    std::size_t count = 0;
    for (const char c : utf8) {
        if (!is_continuation_byte(c)) ++count;
    }
    return count;
}

std::string quote(std::string_view text) {
    std::string result = "\"";
    std::size_t code_points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!is_continuation_byte(c) && ++code_points > kMaxQuotedCodePoints) {
            return result.append("\"...");
        }
        if (c == '"' || c == '\\') {
            result.push_back('\\');
            result.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20U) {
            std::array<char, 8> escaped{};
            std::snprintf(escaped.data(), escaped.size(), "\\u%04x",
                          static_cast<unsigned>(static_cast<unsigned char>(c)));
            result.append(escaped.data());
        } else {
            result.push_back(c);
        }
    }
    result.push_back('"');
    return result;
}

std::string describe_instance(const Instance& instance) {
    switch (instance.kind) {
        case InstanceKind::null:
            return "null";
        case InstanceKind::boolean:
            return as_bool(instance.element) ? "true" : "false";
        case InstanceKind::number:
            return JsonNumber::from_element(instance.element)->to_string();
        case InstanceKind::string:
            return quote(instance.text);
        case InstanceKind::array:
            return "an array";
        case InstanceKind::object:
            return "an object";
    }
    return "a value";
}

std::string describe_json(const boost::json::value& value) {
    if (value.is_string()) return quote(value.get_string());
    std::string text = boost::json::serialize(value);
    if (text.size() > kMaxJsonChars) {
        text.resize(kMaxJsonChars);
        text.append("...");
    }
    return text;
}

std::string describe_types(std::uint8_t mask) {
    static constexpr std::array<std::pair<TypeBit, std::string_view>, 7> kNames{{
        {kTypeObject, "object"},
        {kTypeArray, "array"},
        {kTypeString, "string"},
        {kTypeNumber, "number"},
        {kTypeInteger, "integer"},
        {kTypeBoolean, "boolean"},
        {kTypeNull, "null"},
    }};
    std::vector<std::string_view> names;
    for (const auto& [bit, name] : kNames) {
        if ((mask & bit) != 0) names.push_back(name);
    }
    std::string result;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) result.append(i + 1 == names.size() ? " or " : ", ");
        result.append(names[i]);
    }
    return result;
}

std::string count_of(std::size_t count, std::string_view singular, std::string_view plural) {
    return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

}  // namespace plugboard::schema::detail
