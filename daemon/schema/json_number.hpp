// A JSON number as either side delivers it (int64, uint64 or double), compared by value so that
// 1 == 1.0 and uint64 maxima compare exactly.
#pragma once

#include <simdjson.h>
#include <boost/json/value.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace plugboard::schema::detail {

class JsonNumber {
  public:
    static JsonNumber from_int(std::int64_t value) noexcept;
    static JsonNumber from_uint(std::uint64_t value) noexcept;
    static JsonNumber from_double(double value) noexcept;
    static std::optional<JsonNumber> from_json(const boost::json::value& value) noexcept;
    static std::optional<JsonNumber> from_element(simdjson::dom::element element) noexcept;

    // True for integers and for doubles with a zero fraction (1.0).
    bool is_integral() const noexcept;
    bool is_negative() const noexcept;
    double to_double() const noexcept;
    // Decimal text for messages.
    std::string to_string() const;

    // `divisor` must be positive. Decimal divisors such as 0.01 are not exact in binary, so a
    // quotient within a few ulps of an integer counts as a multiple.
    bool is_multiple_of(const JsonNumber& divisor) const noexcept;

    friend std::partial_ordering operator<=>(const JsonNumber& a, const JsonNumber& b) noexcept;
    friend bool operator==(const JsonNumber& a, const JsonNumber& b) noexcept {
        return (a <=> b) == std::partial_ordering::equivalent;
    }

  private:
    enum class Kind : std::uint8_t { signed_integer, unsigned_integer, floating };

    // Every int64, uint64 and double converts to long double exactly on x86-64 and AArch64.
    long double widened() const noexcept;

    Kind kind_ = Kind::signed_integer;
    std::int64_t signed_ = 0;
    std::uint64_t unsigned_ = 0;
    double floating_ = 0.0;
};

}  // namespace plugboard::schema::detail
