// Every expansion example of RFC 6570 section 3.2, except those that use the associative array
// `keys`, which this implementation does not support. `empty_keys` (an empty associative array)
// is undefined exactly like an empty list, so it is modelled as one.
#include <gtest/gtest.h>

#include <ostream>

#include "uri/uri_template.hpp"

namespace plugboard::uri {
namespace {

using List = std::vector<std::string>;

const Variables& rfc_variables() {
    static const Variables vars = {
        {"count", List{"one", "two", "three"}},
        {"dom", List{"example", "com"}},
        {"dub", "me/too"},
        {"hello", "Hello World!"},
        {"half", "50%"},
        {"var", "value"},
        {"who", "fred"},
        {"base", "http://example.com/home/"},
        {"path", "/foo/bar"},
        {"list", List{"red", "green", "blue"}},
        {"v", "6"},
        {"x", "1024"},
        {"y", "768"},
        {"empty", ""},
        {"empty_keys", List{}},
    };
    return vars;
}

struct Example {
    const char* section;
    const char* template_text;
    const char* expected;
};

void PrintTo(const Example& example, std::ostream* out) {
    *out << example.section << ' ' << example.template_text;
}

class Rfc6570Expansion : public testing::TestWithParam<Example> {};

TEST_P(Rfc6570Expansion, MatchesTheRfc) {
    const Example& example = GetParam();
    std::string error;
    const auto parsed = UriTemplate::parse(example.template_text, &error);
    ASSERT_TRUE(parsed) << error;
    EXPECT_EQ(parsed->expand(rfc_variables()), example.expected);
}

const Example kExamples[] = {
    // 3.2.1 Variable Expansion
    {"3.2.1", "{count}", "one,two,three"},
    {"3.2.1", "{count*}", "one,two,three"},
    {"3.2.1", "{/count}", "/one,two,three"},
    {"3.2.1", "{/count*}", "/one/two/three"},
    {"3.2.1", "{;count}", ";count=one,two,three"},
    {"3.2.1", "{;count*}", ";count=one;count=two;count=three"},
    {"3.2.1", "{?count}", "?count=one,two,three"},
    {"3.2.1", "{?count*}", "?count=one&count=two&count=three"},
    {"3.2.1", "{&count*}", "&count=one&count=two&count=three"},
    // 3.2.2 Simple String Expansion
    {"3.2.2", "{var}", "value"},
    {"3.2.2", "{hello}", "Hello%20World%21"},
    {"3.2.2", "{half}", "50%25"},
    {"3.2.2", "O{empty}X", "OX"},
    {"3.2.2", "O{undef}X", "OX"},
    {"3.2.2", "{x,y}", "1024,768"},
    {"3.2.2", "{x,hello,y}", "1024,Hello%20World%21,768"},
    {"3.2.2", "?{x,empty}", "?1024,"},
    {"3.2.2", "?{x,undef}", "?1024"},
    {"3.2.2", "?{undef,y}", "?768"},
    {"3.2.2", "{var:3}", "val"},
    {"3.2.2", "{var:30}", "value"},
    {"3.2.2", "{list}", "red,green,blue"},
    {"3.2.2", "{list*}", "red,green,blue"},
    // 3.2.3 Reserved Expansion
    {"3.2.3", "{+var}", "value"},
    {"3.2.3", "{+hello}", "Hello%20World!"},
    {"3.2.3", "{+half}", "50%25"},
    {"3.2.3", "{base}index", "http%3A%2F%2Fexample.com%2Fhome%2Findex"},
    {"3.2.3", "{+base}index", "http://example.com/home/index"},
    {"3.2.3", "O{+empty}X", "OX"},
    {"3.2.3", "O{+undef}X", "OX"},
    {"3.2.3", "{+path}/here", "/foo/bar/here"},
    {"3.2.3", "here?ref={+path}", "here?ref=/foo/bar"},
    {"3.2.3", "up{+path}{var}/here", "up/foo/barvalue/here"},
    {"3.2.3", "{+x,hello,y}", "1024,Hello%20World!,768"},
    {"3.2.3", "{+path,x}/here", "/foo/bar,1024/here"},
    {"3.2.3", "{+path:6}/here", "/foo/b/here"},
    {"3.2.3", "{+list}", "red,green,blue"},
    {"3.2.3", "{+list*}", "red,green,blue"},
    // 3.2.4 Fragment Expansion
    {"3.2.4", "{#var}", "#value"},
    {"3.2.4", "{#hello}", "#Hello%20World!"},
    {"3.2.4", "{#half}", "#50%25"},
    {"3.2.4", "foo{#empty}", "foo#"},
    {"3.2.4", "foo{#undef}", "foo"},
    {"3.2.4", "{#x,hello,y}", "#1024,Hello%20World!,768"},
    {"3.2.4", "{#path,x}/here", "#/foo/bar,1024/here"},
    {"3.2.4", "{#path:6}/here", "#/foo/b/here"},
    {"3.2.4", "{#list}", "#red,green,blue"},
    {"3.2.4", "{#list*}", "#red,green,blue"},
    // 3.2.5 Label Expansion with Dot-Prefix
    {"3.2.5", "{.who}", ".fred"},
    {"3.2.5", "{.who,who}", ".fred.fred"},
    {"3.2.5", "{.half,who}", ".50%25.fred"},
    {"3.2.5", "www{.dom*}", "www.example.com"},
    {"3.2.5", "X{.var}", "X.value"},
    {"3.2.5", "X{.empty}", "X."},
    {"3.2.5", "X{.undef}", "X"},
    {"3.2.5", "X{.var:3}", "X.val"},
    {"3.2.5", "X{.list}", "X.red,green,blue"},
    {"3.2.5", "X{.list*}", "X.red.green.blue"},
    {"3.2.5", "X{.empty_keys}", "X"},
    {"3.2.5", "X{.empty_keys*}", "X"},
    // 3.2.6 Path Segment Expansion
    {"3.2.6", "{/who}", "/fred"},
    {"3.2.6", "{/who,who}", "/fred/fred"},
    {"3.2.6", "{/half,who}", "/50%25/fred"},
    {"3.2.6", "{/who,dub}", "/fred/me%2Ftoo"},
    {"3.2.6", "{/var}", "/value"},
    {"3.2.6", "{/var,empty}", "/value/"},
    {"3.2.6", "{/var,undef}", "/value"},
    {"3.2.6", "{/var,x}/here", "/value/1024/here"},
    {"3.2.6", "{/var:1,var}", "/v/value"},
    {"3.2.6", "{/list}", "/red,green,blue"},
    {"3.2.6", "{/list*}", "/red/green/blue"},
    {"3.2.6", "{/list*,path:4}", "/red/green/blue/%2Ffoo"},
    // 3.2.7 Path-Style Parameter Expansion
    {"3.2.7", "{;who}", ";who=fred"},
    {"3.2.7", "{;half}", ";half=50%25"},
    {"3.2.7", "{;empty}", ";empty"},
    {"3.2.7", "{;v,empty,who}", ";v=6;empty;who=fred"},
    {"3.2.7", "{;v,bar,who}", ";v=6;who=fred"},
    {"3.2.7", "{;x,y}", ";x=1024;y=768"},
    {"3.2.7", "{;x,y,empty}", ";x=1024;y=768;empty"},
    {"3.2.7", "{;x,y,undef}", ";x=1024;y=768"},
    {"3.2.7", "{;hello:5}", ";hello=Hello"},
    {"3.2.7", "{;list}", ";list=red,green,blue"},
    {"3.2.7", "{;list*}", ";list=red;list=green;list=blue"},
    // 3.2.8 Form-Style Query Expansion
    {"3.2.8", "{?who}", "?who=fred"},
    {"3.2.8", "{?half}", "?half=50%25"},
    {"3.2.8", "{?x,y}", "?x=1024&y=768"},
    {"3.2.8", "{?x,y,empty}", "?x=1024&y=768&empty="},
    {"3.2.8", "{?x,y,undef}", "?x=1024&y=768"},
    {"3.2.8", "{?var:3}", "?var=val"},
    {"3.2.8", "{?list}", "?list=red,green,blue"},
    {"3.2.8", "{?list*}", "?list=red&list=green&list=blue"},
    // 3.2.9 Form-Style Query Continuation
    {"3.2.9", "{&who}", "&who=fred"},
    {"3.2.9", "{&half}", "&half=50%25"},
    {"3.2.9", "?fixed=yes{&x}", "?fixed=yes&x=1024"},
    {"3.2.9", "{&x,y,empty}", "&x=1024&y=768&empty="},
    {"3.2.9", "{&x,y,undef}", "&x=1024&y=768"},
    {"3.2.9", "{&var:3}", "&var=val"},
    {"3.2.9", "{&list}", "&list=red,green,blue"},
    {"3.2.9", "{&list*}", "&list=red&list=green&list=blue"},
};

INSTANTIATE_TEST_SUITE_P(Section3_2, Rfc6570Expansion, testing::ValuesIn(kExamples));

TEST(Expansion, PrefixNeverSplitsAUtf8Character) {
    const auto parsed = UriTemplate::parse("{word:2}");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->expand({{"word", "h\xC3\xA9llo"}}), "h%C3%A9");
}

TEST(Expansion, PrefixCountsAnEncodedTripletAsOneCharacterInReservedExpansion) {
    const auto parsed = UriTemplate::parse("{+word:2}");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->expand({{"word", "%41%42%43"}}), "%41%42");
}

TEST(Expansion, LiteralsOutsideAsciiArePercentEncoded) {
    const auto parsed = UriTemplate::parse("caf\xC3\xA9/{x}");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->expand({{"x", "1"}}), "caf%C3%A9/1");
}

TEST(Expansion, NamedExplodedListMemberThatIsEmptyUsesIfEmpty) {
    const auto query = UriTemplate::parse("{?tag*}");
    const auto path = UriTemplate::parse("{;tag*}");
    ASSERT_TRUE(query && path);
    const Variables vars = {{"tag", List{"a", ""}}};
    EXPECT_EQ(query->expand(vars), "?tag=a&tag=");
    EXPECT_EQ(path->expand(vars), ";tag=a;tag");
}

TEST(Expansion, NoVariablesLeavesOnlyLiterals) {
    const auto parsed = UriTemplate::parse("test://template/{id}/data{?q}");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->expand({}), "test://template//data");
}

}  // namespace
}  // namespace plugboard::uri
