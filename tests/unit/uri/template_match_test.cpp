#include <gtest/gtest.h>

#include <ostream>

#include "uri/uri_template.hpp"

namespace plugboard::uri {
namespace {

using List = std::vector<std::string>;

UriTemplate parse_or_die(std::string_view text) {
    std::string error;
    auto parsed = UriTemplate::parse(text, &error);
    if (!parsed) throw std::invalid_argument(error);
    return *parsed;
}

std::optional<Variables> match(std::string_view template_text, std::string_view uri) {
    return parse_or_die(template_text).match(uri);
}

// ---- The daemon's resource template shapes ------------------------------------------------

TEST(TemplateMatch, SimpleVariableBetweenLiterals) {
    EXPECT_EQ(match("test://template/{id}/data", "test://template/42/data"),
              (Variables{{"id", "42"}}));
}

TEST(TemplateMatch, SimpleVariableAtTheEnd) {
    EXPECT_EQ(match("echo://{message}", "echo://hello"), (Variables{{"message", "hello"}}));
}

TEST(TemplateMatch, ReservedVariableSpansSlashes) {
    EXPECT_EQ(match("file:///{+path}", "file:///etc/nginx/nginx.conf"),
              (Variables{{"path", "etc/nginx/nginx.conf"}}));
}

TEST(TemplateMatch, QueryParametersInAnyOrderOrAbsent) {
    const UriTemplate search = parse_or_die("search://q{?query,limit}");
    EXPECT_EQ(search.match("search://q?query=cats&limit=5"),
              (Variables{{"query", "cats"}, {"limit", "5"}}));
    EXPECT_EQ(search.match("search://q?limit=5&query=cats"),
              (Variables{{"query", "cats"}, {"limit", "5"}}));
    EXPECT_EQ(search.match("search://q?limit=5"), (Variables{{"limit", "5"}}));
    EXPECT_EQ(search.match("search://q"), Variables{});
}

TEST(TemplateMatch, QueryParameterWithoutValueIsEmpty) {
    EXPECT_EQ(match("s://{?a,b}", "s://?a&b="), (Variables{{"a", ""}, {"b", ""}}));
}

// ---- Round trips: expand, then match gives the values back ------------------------------

struct RoundTrip {
    const char* template_text;
    Variables vars;
};

void PrintTo(const RoundTrip& round_trip, std::ostream* out) {
    *out << round_trip.template_text << ' ' << variables_to_json(round_trip.vars);
}

class TemplateRoundTrip : public testing::TestWithParam<RoundTrip> {};

TEST_P(TemplateRoundTrip, MatchReturnsTheExpandedValues) {
    const UriTemplate parsed = parse_or_die(GetParam().template_text);
    const std::string uri = parsed.expand(GetParam().vars);
    EXPECT_EQ(parsed.match(uri), GetParam().vars) << "uri: " << uri;
}

const RoundTrip kRoundTrips[] = {
    {"test://template/{id}/data", {{"id", "42"}}},
    {"echo://{message}", {{"message", "Hello World! 50% / done?"}}},
    {"file:///{+path}", {{"path", "home/me/notes 2024.txt"}}},
    {"search://q{?query,limit}", {{"query", "a&b=c"}, {"limit", "10"}}},
    {"x://{a}/{b}/{c}", {{"a", "1"}, {"b", "2"}, {"c", "3"}}},
    {"x://{x,y}", {{"x", "1024"}, {"y", "768"}}},
    {"x://{x,hello,y}", {{"x", "1024"}, {"hello", "Hello, World!"}, {"y", "768"}}},
    {"x://h{#frag}", {{"frag", "sec/2,3"}}},
    {"x://h{#frag}", {{"frag", ""}}},
    {"x://h{.ext}", {{"ext", "tar.gz"}}},
    {"www{.dom*}", {{"dom", List{"example", "com"}}}},
    {"x://r{/who,dub}", {{"who", "fred"}, {"dub", "me/too"}}},
    {"x://r{/list*}", {{"list", List{"red", "green", "blue"}}}},
    {"x://r{/list*,path}", {{"list", List{"red", "green"}}, {"path", "/foo"}}},
    {"x://r{/var,empty}", {{"var", "value"}, {"empty", ""}}},
    {"x://r{;v,empty,who}", {{"v", "6"}, {"empty", ""}, {"who", "fred"}}},
    {"x://r{;list*}", {{"list", List{"red", "green", "blue"}}}},
    {"x://r{?x,y,empty}", {{"x", "1024"}, {"y", "768"}, {"empty", ""}}},
    {"x://r{?list*}", {{"list", List{"red", "", "blue"}}}},
    {"x://r?fixed=yes{&x}", {{"x", "1024"}}},
    {"x://r{?a}{&b}", {{"a", "1"}, {"b", "2"}}},
    {"x://r{?a}{&b}", {{"b", "2"}}},
    {"x://{count*}", {{"count", List{"one", "two", "three"}}}},
    {"x://{+list*}", {{"list", List{"a/b", "c"}}}},
    {"x://{.who,who}/{who}", {{"who", "fred"}}},
    {"x://{a}/{+rest}{?q}", {{"a", "top"}, {"rest", "deep/er"}, {"q", "1"}}},
    {"x://{name}", {{"name", "caf\xC3\xA9 \xE2\x82\xAC"}}},
};

INSTANTIATE_TEST_SUITE_P(Templates, TemplateRoundTrip, testing::ValuesIn(kRoundTrips));

// ---- URIs that do not fit ---------------------------------------------------------------

struct Mismatch {
    const char* template_text;
    const char* uri;
};

void PrintTo(const Mismatch& mismatch, std::ostream* out) {
    *out << mismatch.template_text << " vs " << mismatch.uri;
}

class TemplateMismatch : public testing::TestWithParam<Mismatch> {};

TEST_P(TemplateMismatch, DoesNotMatch) {
    EXPECT_FALSE(match(GetParam().template_text, GetParam().uri));
}

const Mismatch kMismatches[] = {
    {"test://template/{id}/data", "test://template/42/info"},    // wrong literal
    {"test://template/{id}/data", "test://other/42/data"},       // wrong literal
    {"test://template/{id}/data", "TEST://template/42/data"},    // literals are case-sensitive
    {"test://template/{id}/data", "test://template/data"},       // missing segment
    {"test://template/{id}/data", "test://template//data"},      // empty simple variable
    {"test://template/{id}/data", "test://template/4/2/data"},   // extra segment
    {"test://template/{id}/data", "test://template/42/data/x"},  // trailing extra segment
    {"test://template/{id}/data", ""},
    {"echo://{message}", "echo://"},
    {"echo://{message}", "echo://a/b"},  // a simple variable never contains '/'
    {"echo://{message}", "echo://a?b"},
    {"echo://{message}", "echo://a#b"},
    {"file:///{+path}", "file:///"},
    {"file:///{+path}", "file://etc"},
    {"x://r{/var}", "x://r/a/b"},  // a path segment never contains '/'
    {"x://r{/a,b}", "x://r/1/2/3"},
    {"x://r{.ext}", "x://r.a/b"},
    {"search://q{?query,limit}", "search://q?query=a&page=2"},   // unknown parameter
    {"search://q{?query,limit}", "search://q?query=a&query=b"},  // repeated, not exploded
    {"search://q{?query,limit}", "search://q?"},
    {"search://q{?query,limit}", "search://q&query=a"},
    {"x://r{?a}{&b}", "x://r?b=2"},  // b's parameter belongs to {&b}
    {"x://r{;a}", "x://r;a=1/2"},
    {"x://{who}/{who}", "x://fred/bob"},  // a repeated variable must agree
};

INSTANTIATE_TEST_SUITE_P(Uris, TemplateMismatch, testing::ValuesIn(kMismatches));

TEST(TemplateMatch, PrefixedExpressionsMayBeAbsent) {
    EXPECT_EQ(match("x://h{#frag}", "x://h"), Variables{});
    EXPECT_EQ(match("x://h{.ext}", "x://h"), Variables{});
    EXPECT_EQ(match("x://r{;a,b}", "x://r"), Variables{});
}

TEST(TemplateMatch, PathParameterWithOrWithoutEqualsIsEmpty) {
    EXPECT_EQ(match("x://r{;a,b}", "x://r;b;a="), (Variables{{"a", ""}, {"b", ""}}));
}

// ---- How ambiguity and the documented limits play out -----------------------------------

TEST(TemplateMatch, EarlierVariableTakesTheShortestValue) {
    EXPECT_EQ(match("x://{a}-{b}", "x://x-y-z"), (Variables{{"a", "x"}, {"b", "y-z"}}));
}

TEST(TemplateMatch, ReservedVariableLeavesTheQueryToTheQueryExpression) {
    EXPECT_EQ(match("file:///{+path}{?rev}", "file:///a/b?rev=2"),
              (Variables{{"path", "a/b"}, {"rev", "2"}}));
}

TEST(TemplateMatch, OptionalExpressionPrefersBeingPresent) {
    EXPECT_EQ(match("x://r{/a}{/b}", "x://r/1"), (Variables{{"a", "1"}}));
}

TEST(TemplateMatch, PrefixModifierIsIgnored) {
    EXPECT_EQ(match("x://{var:3}", "x://value"), (Variables{{"var", "value"}}));
}

TEST(TemplateMatch, NonExplodedListComesBackAsOneString) {
    EXPECT_EQ(match("x://{list}", "x://red,green,blue"), (Variables{{"list", "red,green,blue"}}));
    EXPECT_EQ(match("x://r{?list}", "x://r?list=red,green"), (Variables{{"list", "red,green"}}));
}

TEST(TemplateMatch, UnnamedVariablesFillInTemplateOrder) {
    EXPECT_EQ(match("x://{x,y}", "x://768"), (Variables{{"x", "768"}}));
}

TEST(TemplateMatch, SurplusPiecesJoinTheLastVariable) {
    EXPECT_EQ(match("x://{+a,b}", "x://1,2,3"), (Variables{{"a", "1"}, {"b", "2,3"}}));
}

TEST(TemplateMatch, ExplodedQueryVariableWithOneValueIsAList) {
    EXPECT_EQ(match("x://r{?tag*}", "x://r?tag=a"), (Variables{{"tag", List{"a"}}}));
}

TEST(TemplateMatch, ExplodedPathVariableBeforeAnotherTakesTheSurplus) {
    EXPECT_EQ(match("x://r{/list*,last}", "x://r/a/b/c"),
              (Variables{{"list", List{"a", "b"}}, {"last", "c"}}));
}

TEST(TemplateMatch, LongUriWithManyCandidatesFinishes) {
    const std::string uri = "x://" + std::string(UriTemplate::kMaxMatchLength - 8, 'a') + "/end";
    const auto vars = match("x://{a}{b}{c}/end", uri);
    ASSERT_TRUE(vars);
    EXPECT_EQ(std::get<std::string>(vars->at("a")), "a");
    EXPECT_EQ(std::get<std::string>(vars->at("c")).size(), UriTemplate::kMaxMatchLength - 10);
}

TEST(TemplateMatch, LongUriThatDoesNotFitFails) {
    const std::string uri = "x://" + std::string(3000, 'a') + "/nope";
    EXPECT_FALSE(match("x://{a}{b}{c}/end", uri));
}

TEST(TemplateMatch, UriLongerThanTheLimitDoesNotMatch) {
    const UriTemplate file = parse_or_die("file:///{+path}");
    const std::string longest = "file:///" + std::string(UriTemplate::kMaxMatchLength - 8, 'p');
    EXPECT_TRUE(file.match(longest));
    EXPECT_FALSE(file.match(longest + "p"));
}

// ---- Percent-decoding -------------------------------------------------------------------

TEST(TemplateMatch, ValuesArePercentDecoded) {
    EXPECT_EQ(match("echo://{message}", "echo://Hello%20World%21"),
              (Variables{{"message", "Hello World!"}}));
    EXPECT_EQ(match("echo://{message}", "echo://caf%C3%a9"),
              (Variables{{"message", "caf\xC3\xA9"}}));
}

TEST(TemplateMatch, EncodedSeparatorsStayInsideValues) {
    EXPECT_EQ(match("x://r{/a,b}", "x://r/me%2Ftoo/x"), (Variables{{"a", "me/too"}, {"b", "x"}}));
    EXPECT_EQ(match("x://{count*}", "x://a%2Cb,c"), (Variables{{"count", List{"a,b", "c"}}}));
    EXPECT_EQ(match("x://r{?q}", "x://r?q=a%26b%3Dc"), (Variables{{"q", "a&b=c"}}));
}

TEST(TemplateMatch, BrokenEscapesAndPlusAreKeptAsIs) {
    EXPECT_EQ(match("echo://{message}", "echo://50%"), (Variables{{"message", "50%"}}));
    EXPECT_EQ(match("echo://{message}", "echo://%zz+1"), (Variables{{"message", "%zz+1"}}));
}

TEST(TemplateMatch, DecodedBytesNeedNotBeUtf8) {
    EXPECT_EQ(match("echo://{message}", "echo://%FF%00"),
              (Variables{{"message", std::string("\xFF\0", 2)}}));
}

TEST(TemplateMatch, EncodedLiteralMatchesItsEncodedForm) {
    const UriTemplate cafe = parse_or_die("caf\xC3\xA9://{x}");
    EXPECT_EQ(cafe.match("caf%C3%A9://1"), (Variables{{"x", "1"}}));
}

}  // namespace
}  // namespace plugboard::uri
