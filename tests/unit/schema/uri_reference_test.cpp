// Reference resolution (RFC 3986 section 5.4 examples) and JSON Pointer walking.
#include "schema/uri_reference.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace plugboard::schema::detail {
namespace {

TEST(UriReference, Rfc3986NormalExamples) {
    const std::string base = "http://a/b/c/d;p?q";
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {";x", "http://a/b/c/;x"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"g/../h", "http://a/b/c/h"},
        {"./../g", "http://a/b/g"},
    };
    for (const auto& [reference, expected] : cases) {
        EXPECT_EQ(resolve_uri_reference(base, reference), expected) << reference;
    }
}

TEST(UriReference, EmptyRelativeAndUrnBases) {
    EXPECT_EQ(resolve_uri_reference("", "#/$defs/a"), "#/$defs/a");
    EXPECT_EQ(resolve_uri_reference("", "item.json"), "item.json");
    EXPECT_EQ(resolve_uri_reference("folder/", "item.json"), "folder/item.json");
    EXPECT_EQ(resolve_uri_reference("urn:uuid:deadbeef", "#frag"), "urn:uuid:deadbeef#frag");
    EXPECT_EQ(resolve_uri_reference("http://localhost:1234/", "folder/"),
              "http://localhost:1234/folder/");
    EXPECT_EQ(resolve_uri_reference("http://localhost:1234", "x.json"),
              "http://localhost:1234/x.json");
}

TEST(UriReference, SplitFragmentAndPercentDecode) {
    const auto parts = split_fragment("http://x/y.json#/a/b");
    EXPECT_EQ(parts.without_fragment, "http://x/y.json");
    EXPECT_EQ(parts.fragment, "/a/b");
    EXPECT_TRUE(parts.has_fragment);
    EXPECT_FALSE(split_fragment("http://x/y.json").has_fragment);
    EXPECT_EQ(percent_decode("a%25b%22"), "a%b\"");
    EXPECT_EQ(percent_decode("bad%2"), std::nullopt);
    EXPECT_EQ(percent_decode("bad%zz"), std::nullopt);
}

TEST(UriReference, JsonPointer) {
    const auto document = boost::json::parse(R"({"a": [{"b/c": 1, "d~e": 2, "": 3}], "01": 4})");
    EXPECT_EQ(find_json_pointer(document, ""), &document);
    EXPECT_EQ(find_json_pointer(document, "/a/0/b~1c")->as_int64(), 1);
    EXPECT_EQ(find_json_pointer(document, "/a/0/d~0e")->as_int64(), 2);
    EXPECT_EQ(find_json_pointer(document, "/a/0/")->as_int64(), 3);
    EXPECT_EQ(find_json_pointer(document, "/01")->as_int64(), 4);
    EXPECT_EQ(find_json_pointer(document, "/a/1"), nullptr);
    EXPECT_EQ(find_json_pointer(document, "/a/00"), nullptr);
    EXPECT_EQ(find_json_pointer(document, "/a/-"), nullptr);
    EXPECT_EQ(find_json_pointer(document, "a"), nullptr);
    EXPECT_EQ(escape_json_pointer_token("a/b~c"), "a~1b~0c");
}

}  // namespace
}  // namespace plugboard::schema::detail
