#include "json/json_writer.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace plugboard::json {
namespace {

// The string value simdjson reads back from `json`, which must be valid.
std::string parse_string(const std::string& json) {
    simdjson::dom::parser parser;
    std::string_view value;
    const auto error = parser.parse(json).get_string().get(value);
    EXPECT_FALSE(error) << json << ": " << simdjson::error_message(error);
    return std::string(value);
}

double parse_number(const std::string& json) {
    simdjson::dom::parser parser;
    double value = 0;
    const auto error = parser.parse(json).get_double().get(value);
    EXPECT_FALSE(error) << json << ": " << simdjson::error_message(error);
    return value;
}

std::string number(double value) {
    std::string out;
    append_number(out, value);
    return out;
}

TEST(JsonWriter, EscapesQuoteAndBackslash) {
    EXPECT_EQ(quote(R"(say "hi" \ bye)"), R"("say \"hi\" \\ bye")");
}

TEST(JsonWriter, EscapesNamedControlCharacters) {
    EXPECT_EQ(quote("a\nb\tc\rd\be\ff"), R"("a\nb\tc\rd\be\ff")");
}

TEST(JsonWriter, EscapesOtherControlCharactersAsUnicode) {
    EXPECT_EQ(quote(std::string("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
    // DEL is not a control character for JSON.
    EXPECT_EQ(quote("\x7f"), "\"\x7f\"");
}

TEST(JsonWriter, AppendsToWhatIsThere) {
    std::string out = "[";
    append_string(out, "a");
    out += ',';
    append_string(out, "");
    EXPECT_EQ(out, R"(["a","")");
}

TEST(JsonWriter, PassesValidUtf8Through) {
    const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";
    EXPECT_EQ(quote(text), "\"" + text + "\"");
}

TEST(JsonWriter, ValidStringsRoundTripThroughAParser) {
    const std::string cases[] = {
        "",
        "plain",
        R"(quotes " and \ backslashes)",
        std::string("nul \x00 inside", 12),
        "\x01\x02\x03\x1e\x1f\x7f",
        "lines\r\nand\ttabs\b\f",
        "\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xef\xbf\xbf \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf",
        "</script> \\u0041 is not an escape here",
    };
    for (const auto& text : cases)
        EXPECT_EQ(parse_string(quote(text)), text) << quote(text);
}

TEST(JsonWriter, ReplacesOverlongEncodings) {
    // '/' as two bytes, NUL as two bytes, U+20AC as four bytes.
    EXPECT_EQ(quote("\xc0\xaf"), R"("\ufffd\ufffd")");
    EXPECT_EQ(quote("\xc0\x80"), R"("\ufffd\ufffd")");
    EXPECT_EQ(quote("\xf0\x82\x82\xac"), R"("\ufffd\ufffd\ufffd\ufffd")");
}

TEST(JsonWriter, ReplacesSurrogatesAndCodePointsAboveUnicode) {
    EXPECT_EQ(quote("a\xed\xa0\x80z"), R"("a\ufffd\ufffd\ufffdz")");        // U+D800
    EXPECT_EQ(quote("\xed\xbf\xbf"), R"("\ufffd\ufffd\ufffd")");            // U+DFFF
    EXPECT_EQ(quote("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // U+110000
}

TEST(JsonWriter, ReplacesTruncatedAndStrayBytes) {
    EXPECT_EQ(quote("ok\xe2\x82"), R"("ok\ufffd\ufffd")");        // cut at the end
    EXPECT_EQ(quote("\xe2\x82z"), R"("\ufffd\ufffdz")");          // cut by an ASCII byte
    EXPECT_EQ(quote("\x80x\xbf"), R"("\ufffdx\ufffd")");          // continuation bytes alone
    EXPECT_EQ(quote("\xff\xfe\xf8"), R"("\ufffd\ufffd\ufffd")");  // never valid leads
}

TEST(JsonWriter, InvalidUtf8StillParsesWithReplacementCharacters) {
    const std::string replacement = "\xef\xbf\xbd";
    EXPECT_EQ(parse_string(quote("a\xc0\xafz")), "a" + replacement + replacement + "z");
    EXPECT_EQ(parse_string(quote("\xe2\x82\xac\xe2\x82")),
              "\xe2\x82\xac" + replacement + replacement);
}

TEST(JsonWriter, WritesIntegersExactly) {
    EXPECT_EQ(number(0), "0");
    EXPECT_EQ(number(42), "42");
    EXPECT_EQ(number(-7), "-7");
    EXPECT_EQ(number(1e15), "1000000000000000");
    EXPECT_EQ(number(9007199254740991.0), "9007199254740991");
    EXPECT_EQ(number(-9007199254740991.0), "-9007199254740991");
}

TEST(JsonWriter, LargeIntegersStayValidJsonNumbers) {
    for (double value : {9007199254740992.0, 1e20, -1e300, 1.7976931348623157e308}) {
        const std::string text = number(value);
        EXPECT_EQ(parse_number(text), value) << text;
    }
}

TEST(JsonWriter, FractionsRoundTrip) {
    for (double value : {0.1, 0.5, -2.25, 1.0 / 3.0, 0.1 + 0.2, 123456.789, 1e-7,
                         std::numeric_limits<double>::denorm_min(),
                         std::numeric_limits<double>::min(), 4503599627370495.5}) {
        const std::string text = number(value);
        EXPECT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
        EXPECT_EQ(parse_number(text), value) << text;
    }
}

TEST(JsonWriter, NonFiniteNumbersBecomeNull) {
    EXPECT_EQ(number(std::numeric_limits<double>::quiet_NaN()), "null");
    EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "null");
    EXPECT_EQ(number(-std::numeric_limits<double>::infinity()), "null");
}

}  // namespace
}  // namespace plugboard::json
