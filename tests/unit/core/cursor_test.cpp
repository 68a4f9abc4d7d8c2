#include "registry/cursor.hpp"

#include <gtest/gtest.h>

namespace plugboard::registry {
namespace {

TEST(Cursor, RoundTripsKeys) {
    const std::string keys[] = {
        "",
        "a",
        "ab",
        "abc",
        "weather_get_forecast",
        "file:///var/log/{name}?q=1&r=2",
        "prompt:caf\xc3\xa9 \xf0\x9f\x98\x80",
        std::string("nul\0byte\xff", 9),
    };
    for (const auto& key : keys) {
        const std::string cursor = encode_cursor(key);
        EXPECT_EQ(decode_cursor(cursor), key) << cursor;
    }
}

TEST(Cursor, IsOpaqueUrlSafeText) {
    const std::string cursor = encode_cursor("file:///a b/?x=\xc3\xa9");
    EXPECT_EQ(cursor.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << cursor;
    EXPECT_EQ(cursor.find("file"), std::string::npos);
}

TEST(Cursor, DifferentKeysGiveDifferentCursors) {
    EXPECT_NE(encode_cursor("a"), encode_cursor("b"));
    EXPECT_NE(encode_cursor(""), encode_cursor("a"));
}

TEST(Cursor, RefusesGarbage) {
    for (std::string_view cursor : {"!!!", "abc def", "a+b/c=", "%41", "\xc3\xa9"}) {
        EXPECT_EQ(decode_cursor(cursor), std::nullopt) << cursor;
    }
}

TEST(Cursor, RefusesBase64ThatWeDidNotIssue) {
    // "hello" and "k2:tool" in base64url: valid base64, not our format.
    EXPECT_EQ(decode_cursor("aGVsbG8"), std::nullopt);
    EXPECT_EQ(decode_cursor("azI6dG9vbA"), std::nullopt);
    EXPECT_EQ(decode_cursor(""), std::nullopt);
    EXPECT_EQ(decode_cursor("aw"), std::nullopt);  // "k" alone: a cut-off prefix
}

}  // namespace
}  // namespace plugboard::registry
