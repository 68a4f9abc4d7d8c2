#include "json/value_spans.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace plugboard::json {
namespace {

using ::testing::ElementsAre;

// Each member's text, found both by walking every value and by the
// shortcut for the last one; the two must agree.
std::vector<std::string> member_values(std::string_view object_text) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::object object = parser.parse(object_text).get_object().value();
    ValueSpans walked(object_text);
    ValueSpans counted(object_text, object);
    std::vector<std::string> values;
    for ([[maybe_unused]] auto member : object) {
        values.emplace_back(walked.next_value());
        EXPECT_EQ(counted.next_value(), values.back());
    }
    EXPECT_EQ(walked.next_value(), "") << "more spans than members";
    EXPECT_EQ(counted.next_value(), "") << "more spans than members";
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

TEST(ValueSpans, TheLastValueEndsBeforeTrailingWhiteSpace) {
    EXPECT_THAT(member_values("{\"a\":1,\"b\":{\"c\":[2]} \n}\t"),
                ElementsAre("1", R"({"c":[2]})"));
    EXPECT_THAT(member_values(R"({"only":"x"})"), ElementsAre(R"("x")"));
}

TEST(ValueSpans, WalksArrayElementsGivenTheirCount) {
    const std::string_view text = R"([ {"id":1} ,"two",[3], {"p":{}} ] )";
    simdjson::dom::parser parser;
    const simdjson::dom::array array = parser.parse(text).get_array().value();
    ValueSpans spans(text, array);
    EXPECT_EQ(spans.next_value(), R"({"id":1})");
    EXPECT_EQ(spans.next_value(), R"("two")");
    EXPECT_EQ(spans.next_value(), "[3]");
    EXPECT_EQ(spans.next_value(), R"({"p":{}})");
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
