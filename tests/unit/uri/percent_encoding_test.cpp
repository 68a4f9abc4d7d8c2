#include <gtest/gtest.h>

#include "uri/percent_encoding.hpp"

namespace plugboard::uri {
namespace {

std::string encoded(std::string_view text, bool allow_reserved) {
    std::string out;
    append_percent_encoded(out, text, allow_reserved);
    return out;
}

TEST(PercentEncoding, UnreservedOnlyEncodesEverythingElse) {
    EXPECT_EQ(encoded("aZ09-._~", false), "aZ09-._~");
    EXPECT_EQ(encoded(":/?#[]@!$&'()*+,;= %", false),
              "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%20%25");
    EXPECT_EQ(encoded("\xC3\xA9\x01", false), "%C3%A9%01");
}

TEST(PercentEncoding, ReservedAllowedKeepsReservedAndTriplets) {
    EXPECT_EQ(encoded(":/?#[]@!$&'()*+,;=", true), ":/?#[]@!$&'()*+,;=");
    EXPECT_EQ(encoded("%2f %zz %", true), "%2f%20%25zz%20%25");
}

TEST(PercentEncoding, TripletNeedsTwoHexDigits) {
    EXPECT_TRUE(is_percent_triplet("%aF", 0));
    EXPECT_FALSE(is_percent_triplet("%a", 0));
    EXPECT_FALSE(is_percent_triplet("%ag", 0));
    EXPECT_FALSE(is_percent_triplet("a%", 1));
}

TEST(PercentEncoding, DecodeRoundTripsEncode) {
    const std::string original = "a b/c%d\xC3\xA9\n";
    EXPECT_EQ(percent_decode(encoded(original, false)), original);
}

TEST(PercentEncoding, DecodeKeepsBrokenEscapesAndPlus) {
    EXPECT_EQ(percent_decode("%41%4a+%"), "AJ+%");
    EXPECT_EQ(percent_decode("%4"), "%4");
    EXPECT_EQ(percent_decode("%%41"), "%A");
}

}  // namespace
}  // namespace plugboard::uri
