#include <gtest/gtest.h>

#include "uri/uri_template.hpp"

namespace plugboard::uri {
namespace {

using List = std::vector<std::string>;

TEST(VariablesToJson, EmptyIsAnEmptyObject) {
    EXPECT_EQ(variables_to_json({}), "{}");
}

TEST(VariablesToJson, StringsAndListsInKeyOrder) {
    EXPECT_EQ(variables_to_json({{"tags", List{"a", "b"}}, {"id", "42"}, {"none", List{}}}),
              R"({"id":"42","none":[],"tags":["a","b"]})");
}

TEST(VariablesToJson, EscapesQuotesAndBackslashes) {
    EXPECT_EQ(variables_to_json({{"q", R"(say "hi" \o/)"}}), R"({"q":"say \"hi\" \\o/"})");
}

TEST(VariablesToJson, EscapesControlCharacters) {
    EXPECT_EQ(variables_to_json({{"c", std::string("\b\f\n\r\t\x01\x1F\0", 8)}}),
              R"({"c":"\b\f\n\r\t\u0001\u001f\u0000"})");
}

TEST(VariablesToJson, EscapesKeysToo) {
    EXPECT_EQ(variables_to_json({{"a\"b", "1"}}), R"({"a\"b":"1"})");
}

TEST(VariablesToJson, PassesUtf8Through) {
    const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \x7F";
    EXPECT_EQ(variables_to_json({{"t", text}}), "{\"t\":\"" + text + "\"}");
}

TEST(VariablesToJson, ReplacesInvalidUtf8) {
    const std::string replacement = "\\ufffd";
    EXPECT_EQ(variables_to_json({{"t",
                                  "a\xFF"
                                  "b"}}),
              "{\"t\":\"a" + replacement + "b\"}");
    EXPECT_EQ(variables_to_json({{"t", "\xC3"}}), "{\"t\":\"" + replacement + "\"}");
    // Overlong "/", a UTF-16 surrogate, and a code point above U+10FFFF.
    EXPECT_EQ(variables_to_json({{"t", "\xC0\xAF"}}),
              "{\"t\":\"" + replacement + replacement + "\"}");
    EXPECT_EQ(variables_to_json({{"t", "\xED\xA0\x80"}}),
              "{\"t\":\"" + replacement + replacement + replacement + "\"}");
    EXPECT_EQ(variables_to_json({{"t", List{"\xF4\x90\x80\x80"}}}),
              "{\"t\":[\"" + replacement + replacement + replacement + replacement + "\"]}");
}

}  // namespace
}  // namespace plugboard::uri
