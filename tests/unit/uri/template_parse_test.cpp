#include <gtest/gtest.h>

#include <ostream>

#include "uri/uri_template.hpp"

namespace plugboard::uri {
namespace {

using Names = std::vector<std::string>;

TEST(TemplateParse, KeepsTheTextAndListsEachVariableOnceInOrder) {
    const std::string text = "x://{b}/{+a}{?c,b}{&d*}{;e:3}";
    const auto parsed = UriTemplate::parse(text);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->text(), text);
    EXPECT_EQ(parsed->variable_names(), (Names{"b", "a", "c", "d", "e"}));
}

TEST(TemplateParse, AcceptsDottedAndPercentEncodedVariableNames) {
    const auto parsed = UriTemplate::parse("{a.b_c,x%20y,Z9}");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->variable_names(), (Names{"a.b_c", "x%20y", "Z9"}));
}

TEST(TemplateParse, AcceptsATemplateWithoutExpressions) {
    const auto parsed = UriTemplate::parse("file:///etc/hosts");
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->variable_names().empty());
    EXPECT_EQ(parsed->expand({}), "file:///etc/hosts");
}

TEST(TemplateParse, AcceptsTheLargestPrefix) {
    EXPECT_TRUE(UriTemplate::parse("{var:9999}"));
}

TEST(TemplateParse, ErrorPointerIsOptional) {
    EXPECT_FALSE(UriTemplate::parse("{"));
}

struct Malformed {
    const char* template_text;
    const char* error_contains;
};

void PrintTo(const Malformed& malformed, std::ostream* out) {
    *out << malformed.template_text;
}

class TemplateParseError : public testing::TestWithParam<Malformed> {};

TEST_P(TemplateParseError, IsRejectedWithAReason) {
    std::string error;
    EXPECT_FALSE(UriTemplate::parse(GetParam().template_text, &error));
    EXPECT_NE(error.find(GetParam().error_contains), std::string::npos) << error;
}

const Malformed kMalformed[] = {
    {"x://{id", "unclosed expression starting at offset 4"},
    {"x://{a{b}}", "unclosed expression starting at offset 4"},
    {"x://a}", "'}' without '{' at offset 5"},
    {"x://{}", "empty expression at offset 5"},
    {"{=a}", "reserved operator '='"},
    {"{!a}", "reserved operator '!'"},
    {"{@a}", "reserved operator '@'"},
    {"{|a}", "reserved operator '|'"},
    {"{,a}", "reserved operator ','"},
    {"{$a}", "missing or bad variable name at offset 1"},
    {"{a,}", "missing or bad variable name at offset 3"},
    {"{+}", "missing or bad variable name"},
    {"{a-b}", "unexpected '-' in variable at offset 2"},
    {"{a b}", "unexpected ' ' in variable"},
    {"{a.}", "'.' not between two name characters"},
    {"{a..b}", "'.' not between two name characters"},
    {"{a%2}", "unexpected '%'"},
    {"{var:10000}", "prefix length exceeds 9999"},
    {"{var:99999999999999999999999}", "prefix length exceeds 9999"},
    {"{var:0}", "prefix length must be a number from 1 to 9999"},
    {"{var:}", "prefix length must be a number from 1 to 9999"},
    {"{var:3*}", "prefix length must be a number from 1 to 9999"},
    {"{var*:3}", "unexpected '*'"},
    {"{var**}", "unexpected '*'"},
    {"a b/{x}", "' ' not allowed in a literal at offset 1"},
    {"a\"{x}", "'\"' not allowed in a literal"},
    {"a<{x}", "'<' not allowed in a literal"},
    {"a\n{x}", "byte 0x0A not allowed in a literal"},
    {"50%/{x}", "'%' not followed by two hex digits at offset 2"},
    {"50%4/{x}", "'%' not followed by two hex digits"},
};

INSTANTIATE_TEST_SUITE_P(Malformed, TemplateParseError, testing::ValuesIn(kMalformed));

}  // namespace
}  // namespace plugboard::uri
