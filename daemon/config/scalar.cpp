#include "config/scalar.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <limits>

namespace plugboard::config::detail {
namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool is_one_of(std::string_view text, std::initializer_list<std::string_view> words) {
    return std::ranges::find(words, text) != words.end();
}

bool all_digits(std::string_view text, int base) {
    const auto is_digit = [base](char c) {
        if (base == 8) return c >= '0' && c <= '7';
        if (base == 16) return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        return c >= '0' && c <= '9';
    };
    return !text.empty() && std::ranges::all_of(text, is_digit);
}

std::string_view without_sign(std::string_view text) {
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    return text;
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view text) {
    text = without_sign(text);
    const auto digits = [&text] {
        const auto end =
            std::ranges::find_if_not(text, [](char c) { return c >= '0' && c <= '9'; });
        const auto count = static_cast<std::size_t>(end - text.begin());
        text.remove_prefix(count);
        return count;
    };
    if (text.starts_with('.')) {
        text.remove_prefix(1);
        if (digits() == 0) return false;
    } else {
        if (digits() == 0) return false;
        if (text.starts_with('.')) {
            text.remove_prefix(1);
            digits();
        }
    }
    if (text.starts_with('e') || text.starts_with('E')) {
        text = without_sign(text.substr(1));
        if (digits() == 0) return false;
    }
    return text.empty();
}

Scalar out_of_range(std::string_view text, std::string_view what) {
    return ScalarError{"'" + std::string(text) + "' is out of the range of " + std::string(what)};
}

Scalar integer(std::string_view text, std::string_view digits, int base, bool negative) {
    std::uint64_t magnitude = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    constexpr auto kInt64Max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (error != std::errc{} || end != digits.data() + digits.size() ||
        (negative && magnitude > kInt64Max + 1)) {
        return out_of_range(text, "a 64-bit integer");
    }
    if (negative) return static_cast<std::int64_t>(~magnitude + 1);
    if (magnitude <= kInt64Max) return static_cast<std::int64_t>(magnitude);
    return magnitude;
}

Scalar floating(std::string_view text) {
    const std::string_view unsigned_text = without_sign(text);
    const bool negative = text.starts_with('-');
    if (is_one_of(unsigned_text, {".inf", ".Inf", ".INF"})) {
        return negative ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity();
    }
    double value = 0;
    // std::from_chars takes no '+' sign.
    const std::string_view parsed = text.starts_with('+') ? unsigned_text : text;
    const auto [end, error] = std::from_chars(parsed.data(), parsed.data() + parsed.size(), value);
    if (error != std::errc{} || end != parsed.data() + parsed.size()) {
        return out_of_range(text, "a double");
    }
    return value;
}

Scalar with_core_tag(std::string_view type, const std::string& text) {
    if (type == "str") return text;
    Scalar value = resolve_plain(text);
    if (std::holds_alternative<ScalarError>(value)) return value;
    const bool matches = (type == "null" && std::holds_alternative<Null>(value)) ||
                         (type == "bool" && std::holds_alternative<bool>(value)) ||
                         (type == "int" && (std::holds_alternative<std::int64_t>(value) ||
                                            std::holds_alternative<std::uint64_t>(value)));
    if (matches) return value;
    if (type == "float") {
        if (const auto* as_double = std::get_if<double>(&value)) return *as_double;
        if (const auto* as_int = std::get_if<std::int64_t>(&value)) {
            return static_cast<double>(*as_int);
        }
        if (const auto* as_uint = std::get_if<std::uint64_t>(&value)) {
            return static_cast<double>(*as_uint);
        }
    }
    return ScalarError{"'" + text + "' is not a valid !!" + std::string(type)};
}

}  // namespace

Scalar resolve_plain(std::string_view text) {
    if (is_one_of(text, {"", "~", "null", "Null", "NULL"})) return Null{};
    if (is_one_of(text, {"true", "True", "TRUE"})) return true;
    if (is_one_of(text, {"false", "False", "FALSE"})) return false;
    if (text.starts_with("0o") && all_digits(text.substr(2), 8)) {
        return integer(text, text.substr(2), 8, false);
    }
    if (text.starts_with("0x") && all_digits(text.substr(2), 16)) {
        return integer(text, text.substr(2), 16, false);
    }
    if (all_digits(without_sign(text), 10)) {
        return integer(text, without_sign(text), 10, text.starts_with('-'));
    }
    if (is_one_of(text, {".nan", ".NaN", ".NAN"})) return std::numeric_limits<double>::quiet_NaN();
    if (is_one_of(without_sign(text), {".inf", ".Inf", ".INF"}) || is_core_float(text)) {
        return floating(text);
    }
    return std::string(text);
}

Scalar typed_scalar(const YAML::Node& node) {
    if (node.IsNull()) return Null{};
    const std::string& tag = node.Tag();
    if (tag == "?") return resolve_plain(node.Scalar());
    if (tag == "!") return node.Scalar();
    if (tag.starts_with(kCoreTagPrefix)) {
        const std::string_view type = std::string_view(tag).substr(kCoreTagPrefix.size());
        if (is_one_of(type, {"str", "null", "bool", "int", "float"})) {
            return with_core_tag(type, node.Scalar());
        }
    }
    return ScalarError{"unsupported tag '" + tag + "'; quote the value to make it a string"};
}

}  // namespace plugboard::config::detail
