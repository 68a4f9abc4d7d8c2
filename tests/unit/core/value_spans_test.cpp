#include "json/value_spans.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace plugboard::json {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> member_values(std::string_view object_text) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::object object = parser.parse(object_text).get_object().value();
    ValueSpans spans(object_text);
    std::vector<std::string> values;
    for ([[maybe_unused]] auto member : object)
        values.emplace_back(spans.next_value());
    EXPECT_EQ(spans.next_value(), "") << "more spans than members";
    return values;
}

TEST(ValueSpans, GivesEachMembersTextAsWritten) {
    EXPECT_THAT(member_values(R"({"a":1,"b":-2.5e3,"c":true,"d":null,"e":"x"})"),
                ElementsAre("1", "-2.5e3", "true", "null", R"("x")"));
}

TEST(ValueSpans, SkipsWhiteSpaceAroundNamesAndValues) {
    EXPECT_THAT(member_values(" {\n \"a\" :\t1 ,\r\n \"b\" : [ 1 , 2 ] \n} "),
                ElementsAre("1", "[ 1 , 2 ]"));
}

TEST(ValueSpans, BracketsAndQuotesInsideStringsDoNotCount) {
    EXPECT_THAT(member_values(R"({"a}":"]}\"{[","b":{"c":"}}\\","d":[{}]},"e":0})"),
                ElementsAre(R"("]}\"{[")", R"({"c":"}}\\","d":[{}]})", "0"));
}

TEST(ValueSpans, EmptyContainers) {
    EXPECT_THAT(member_values(R"({"a":{},"b":[],"c":""})"), ElementsAre("{}", "[]", R"("")"));
    EXPECT_THAT(member_values("{}"), ElementsAre());
}

TEST(ValueSpans, WalksArrayElements) {
    const std::string_view text = R"([ {"id":1} ,"two",[3], 4 ])";
    ValueSpans spans(text);
    EXPECT_EQ(spans.next_value(), R"({"id":1})");
    EXPECT_EQ(spans.next_value(), R"("two")");
    EXPECT_EQ(spans.next_value(), "[3]");
    EXPECT_EQ(spans.next_value(), "4");
    EXPECT_EQ(spans.next_value(), "");
}

TEST(ValueSpans, MemberTextFindsTheFirstOfRepeatedNames) {
    const std::string_view text = R"({"x":{"n":1},"arguments":{"k":"v"},"arguments":2})";
    simdjson::dom::parser parser;
    simdjson::dom::object object = parser.parse(text).get_object().value();
    EXPECT_EQ(member_text(text, object, "arguments"), R"({"k":"v"})");
    EXPECT_EQ(member_text(text, object, "missing"), std::nullopt);
}

// Names are compared unescaped, as the DOM gives them.
TEST(ValueSpans, MemberTextMatchesEscapedNames) {
    const std::string_view text = R"({"\u0061rgs":[1]})";
    simdjson::dom::parser parser;
    simdjson::dom::object object = parser.parse(text).get_object().value();
    EXPECT_EQ(member_text(text, object, "args"), "[1]");
}

}  // namespace
}  // namespace plugboard::json
