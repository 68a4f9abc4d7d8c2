// Numbers compared by value across int64, uint64 and double.
#include "schema/json_number.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace plugboard::schema::detail {
namespace {

TEST(JsonNumber, ComparesAcrossRepresentations) {
    EXPECT_EQ(JsonNumber::from_int(1), JsonNumber::from_double(1.0));
    EXPECT_EQ(JsonNumber::from_uint(5), JsonNumber::from_int(5));
    EXPECT_LT(JsonNumber::from_int(-1), JsonNumber::from_uint(0));
    // 2^64 - 1 and 2^64 - 2 differ even though both round to the same double.
    EXPECT_LT(JsonNumber::from_uint(std::numeric_limits<std::uint64_t>::max() - 1),
              JsonNumber::from_uint(std::numeric_limits<std::uint64_t>::max()));
    EXPECT_GT(JsonNumber::from_int(9007199254740993), JsonNumber::from_double(9007199254740992.0));
}

TEST(JsonNumber, Integrality) {
    EXPECT_TRUE(JsonNumber::from_double(2.0).is_integral());
    EXPECT_TRUE(JsonNumber::from_double(-0.0).is_integral());
    EXPECT_FALSE(JsonNumber::from_double(2.5).is_integral());
    EXPECT_TRUE(JsonNumber::from_uint(std::numeric_limits<std::uint64_t>::max()).is_integral());
}

TEST(JsonNumber, MultipleOf) {
    EXPECT_TRUE(JsonNumber::from_int(-10).is_multiple_of(JsonNumber::from_int(5)));
    EXPECT_TRUE(JsonNumber::from_int(std::numeric_limits<std::int64_t>::min())
                    .is_multiple_of(JsonNumber::from_int(2)));
    EXPECT_FALSE(JsonNumber::from_int(7).is_multiple_of(JsonNumber::from_uint(2)));
    EXPECT_TRUE(JsonNumber::from_double(4.5).is_multiple_of(JsonNumber::from_double(1.5)));
    EXPECT_FALSE(JsonNumber::from_int(35).is_multiple_of(JsonNumber::from_double(1.5)));
    EXPECT_TRUE(JsonNumber::from_double(0.0075).is_multiple_of(JsonNumber::from_double(0.0001)));
    EXPECT_FALSE(JsonNumber::from_double(0.00751).is_multiple_of(JsonNumber::from_double(0.0001)));
    EXPECT_TRUE(JsonNumber::from_double(1e300).is_multiple_of(JsonNumber::from_int(2)));
    EXPECT_FALSE(
        JsonNumber::from_double(1e308).is_multiple_of(JsonNumber::from_double(0.123456789)));
}

TEST(JsonNumber, Text) {
    EXPECT_EQ(JsonNumber::from_int(-3).to_string(), "-3");
    EXPECT_EQ(JsonNumber::from_uint(18446744073709551615ULL).to_string(), "18446744073709551615");
    EXPECT_EQ(JsonNumber::from_double(1.5).to_string(), "1.5");
    EXPECT_EQ(JsonNumber::from_double(0.1).to_string(), "0.1");
    EXPECT_EQ(JsonNumber::from_double(10.0).to_string(), "10");
}

}  // namespace
}  // namespace plugboard::schema::detail
