#include "schema/json_number.hpp"

#include <array>
#include <cfloat>
#include <charconv>
#include <cmath>

namespace plugboard::schema::detail {
namespace {

// Relative distance from an integer that still counts as one, in units of double epsilon.
constexpr double kMultipleTolerance = 4.0 * DBL_EPSILON;

std::uint64_t magnitude(std::int64_t value) noexcept {
    return value < 0 ? ~static_cast<std::uint64_t>(value) + 1U : static_cast<std::uint64_t>(value);
}

}  // namespace

JsonNumber JsonNumber::from_int(std::int64_t value) noexcept {
    JsonNumber number;
    number.kind_ = Kind::signed_integer;
    number.signed_ = value;
    return number;
}

JsonNumber JsonNumber::from_uint(std::uint64_t value) noexcept {
    JsonNumber number;
    number.kind_ = Kind::unsigned_integer;
    number.unsigned_ = value;
    return number;
}

JsonNumber JsonNumber::from_double(double value) noexcept {
    JsonNumber number;
    number.kind_ = Kind::floating;
    number.floating_ = value;
    return number;
}

std::optional<JsonNumber> JsonNumber::from_json(const boost::json::value& value) noexcept {
    switch (value.kind()) {
        case boost::json::kind::int64:
            return from_int(value.get_int64());
        case boost::json::kind::uint64:
            return from_uint(value.get_uint64());
        case boost::json::kind::double_:
            return from_double(value.get_double());
        default:
            return std::nullopt;
    }
}

std::optional<JsonNumber> JsonNumber::from_element(simdjson::dom::element element) noexcept {
    switch (element.type()) {
        case simdjson::dom::element_type::INT64:
            return from_int(element.get_int64().value_unsafe());
        case simdjson::dom::element_type::UINT64:
            return from_uint(element.get_uint64().value_unsafe());
        case simdjson::dom::element_type::DOUBLE:
            return from_double(element.get_double().value_unsafe());
        default:
            return std::nullopt;
    }
}

bool JsonNumber::is_integral() const noexcept {
    if (kind_ != Kind::floating) return true;
    return std::isfinite(floating_) && std::trunc(floating_) == floating_;
}

bool JsonNumber::is_negative() const noexcept {
    switch (kind_) {
        case Kind::signed_integer:
            return signed_ < 0;
        case Kind::unsigned_integer:
            return false;
        case Kind::floating:
            return floating_ < 0;
    }
    return false;
}

double JsonNumber::to_double() const noexcept {
    switch (kind_) {
        case Kind::signed_integer:
            return static_cast<double>(signed_);
        case Kind::unsigned_integer:
            return static_cast<double>(unsigned_);
        case Kind::floating:
            return floating_;
    }
    return 0.0;
}

long double JsonNumber::widened() const noexcept {
    switch (kind_) {
        case Kind::signed_integer:
            return static_cast<long double>(signed_);
        case Kind::unsigned_integer:
            return static_cast<long double>(unsigned_);
        case Kind::floating:
            return floating_;
    }
    return 0.0L;
}

std::string JsonNumber::to_string() const {
    switch (kind_) {
        case Kind::signed_integer:
            return std::to_string(signed_);
        case Kind::unsigned_integer:
            return std::to_string(unsigned_);
        case Kind::floating: {
            std::array<char, 32> buffer{};
            const auto result =
                std::to_chars(buffer.data(), buffer.data() + buffer.size(), floating_);
            return std::string(buffer.data(), result.ptr);
        }
    }
    return {};
}

bool JsonNumber::is_multiple_of(const JsonNumber& divisor) const noexcept {
    if (kind_ != Kind::floating && divisor.kind_ != Kind::floating) {
        const std::uint64_t dividend_magnitude =
            kind_ == Kind::signed_integer ? magnitude(signed_) : unsigned_;
        const std::uint64_t divisor_magnitude =
            divisor.kind_ == Kind::signed_integer ? magnitude(divisor.signed_) : divisor.unsigned_;
        return divisor_magnitude != 0 && dividend_magnitude % divisor_magnitude == 0;
    }
    if (divisor.is_integral()) {
        // fmod is exact, so integral divisors need no tolerance.
        return is_integral() && std::fmod(widened(), divisor.widened()) == 0.0L;
    }
    const double quotient = to_double() / divisor.to_double();
    if (!std::isfinite(quotient)) return false;
    return std::fabs(quotient - std::nearbyint(quotient)) <=
           std::fabs(quotient) * kMultipleTolerance;
}

std::partial_ordering operator<=>(const JsonNumber& a, const JsonNumber& b) noexcept {
    return a.widened() <=> b.widened();
}

}  // namespace plugboard::schema::detail
