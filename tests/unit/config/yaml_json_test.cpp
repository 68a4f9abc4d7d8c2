#include <cstdint>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "config/config.hpp"

namespace plugboard::config {
namespace {

namespace json = boost::json;

// The JSON a plugin gets for `block`, the body of its `config:` key indented by six spaces.
std::string config_json_of(std::string_view block) {
    const std::string yaml = "plugins:\n  p:\n    config:\n" + std::string(block);
    const LoadResult result = load_string(yaml, "test.yaml", "/");
    for (const ConfigError& error : result.errors)
        ADD_FAILURE() << error.to_string();
    return result.config ? result.config->plugins.at(0).config_json : "";
}

json::object parsed(std::string_view block) {
    return json::parse(config_json_of(block)).as_object();
}

TEST(YamlToJson, AbsentOrEmptyBlockIsAnEmptyObject) {
    const LoadResult result = load_string("plugins:\n  p: {}\n", "test.yaml", "/");
    ASSERT_TRUE(result.config);
    EXPECT_EQ(result.config->plugins[0].config_json, "{}");
    EXPECT_EQ(config_json_of(""), "{}");
    EXPECT_EQ(config_json_of("      {}\n"), "{}");
}

TEST(YamlToJson, CompactOutputKeepsKeyOrder) {
    EXPECT_EQ(config_json_of("      zeta: Hello\n"
                             "      count: 3\n"
                             "      tags: [a, b]\n"
                             "      nested:\n"
                             "        on: true\n"
                             "        none: ~\n"),
              R"({"zeta":"Hello","count":3,"tags":["a","b"],"nested":{"on":true,"none":null}})");
}

TEST(YamlToJson, NullsAndBooleans) {
    const json::object object = parsed(
        "      empty:\n      tilde: ~\n      word: null\n      upper: NULL\n"
        "      t: true\n      f: False\n      yes_is_text: yes\n      on_is_text: on\n");
    EXPECT_TRUE(object.at("empty").is_null());
    EXPECT_TRUE(object.at("tilde").is_null());
    EXPECT_TRUE(object.at("word").is_null());
    EXPECT_TRUE(object.at("upper").is_null());
    EXPECT_EQ(object.at("t"), json::value(true));
    EXPECT_EQ(object.at("f"), json::value(false));
    EXPECT_EQ(object.at("yes_is_text"), json::value("yes"));
    EXPECT_EQ(object.at("on_is_text"), json::value("on"));
}

TEST(YamlToJson, Integers) {
    const json::object object = parsed(
        "      plain: 42\n      negative: -7\n      plus: +5\n      zeros: 007\n"
        "      hex: 0x1F\n      octal: 0o17\n      big: 18446744073709551615\n"
        "      smallest: -9223372036854775808\n");
    EXPECT_EQ(object.at("plain").as_int64(), 42);
    EXPECT_EQ(object.at("negative").as_int64(), -7);
    EXPECT_EQ(object.at("plus").as_int64(), 5);
    EXPECT_EQ(object.at("zeros").as_int64(), 7);
    EXPECT_EQ(object.at("hex").as_int64(), 31);
    EXPECT_EQ(object.at("octal").as_int64(), 15);
    EXPECT_EQ(object.at("big").as_uint64(), UINT64_MAX);
    EXPECT_EQ(object.at("smallest").as_int64(), INT64_MIN);
}

TEST(YamlToJson, Floats) {
    const json::object object = parsed(
        "      half: 0.5\n      short: .5\n      exp: 1e3\n      neg: -2.5E-1\n      dot: 3.\n");
    EXPECT_DOUBLE_EQ(object.at("half").as_double(), 0.5);
    EXPECT_DOUBLE_EQ(object.at("short").as_double(), 0.5);
    EXPECT_DOUBLE_EQ(object.at("exp").as_double(), 1000.0);
    EXPECT_DOUBLE_EQ(object.at("neg").as_double(), -0.25);
    EXPECT_DOUBLE_EQ(object.at("dot").as_double(), 3.0);
}

TEST(YamlToJson, QuotedScalarsAreAlwaysStrings) {
    const json::object object = parsed(
        "      double: \"42\"\n      single: 'true'\n      null_text: \"null\"\n"
        "      empty: ''\n      literal: |\n        two\n        lines\n      folded: >-\n"
        "        one\n        line\n");
    EXPECT_EQ(object.at("double"), json::value("42"));
    EXPECT_EQ(object.at("single"), json::value("true"));
    EXPECT_EQ(object.at("null_text"), json::value("null"));
    EXPECT_EQ(object.at("empty"), json::value(""));
    EXPECT_EQ(object.at("literal"), json::value("two\nlines\n"));
    EXPECT_EQ(object.at("folded"), json::value("one line"));
}

TEST(YamlToJson, PlainTextThatIsNoNumberStaysText) {
    const json::object object = parsed(
        "      version: 1.2.3\n      underscore: 1_000\n      e: 1e\n      hex: 0xZZ\n"
        "      time: 12:30\n");
    EXPECT_EQ(object.at("version"), json::value("1.2.3"));
    EXPECT_EQ(object.at("underscore"), json::value("1_000"));
    EXPECT_EQ(object.at("e"), json::value("1e"));
    EXPECT_EQ(object.at("hex"), json::value("0xZZ"));
    EXPECT_EQ(object.at("time"), json::value("12:30"));
}

TEST(YamlToJson, CoreSchemaTags) {
    const json::object object = parsed(
        "      str: !!str 5\n      int: !!int \"7\"\n      float: !!float 1\n"
        "      bool: !!bool \"false\"\n      nothing: !!null ~\n");
    EXPECT_EQ(object.at("str"), json::value("5"));
    EXPECT_EQ(object.at("int").as_int64(), 7);
    EXPECT_DOUBLE_EQ(object.at("float").as_double(), 1.0);
    EXPECT_EQ(object.at("bool"), json::value(false));
    EXPECT_TRUE(object.at("nothing").is_null());
}

TEST(YamlToJson, MismatchedCoreTagIsAnError) {
    const LoadResult result =
        load_string("plugins:\n  p:\n    config:\n      n: !!int abc\n", "test.yaml", "/");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].to_string(),
              "test.yaml:4:10: plugins.p.config.n: 'abc' is not a valid !!int");
}

TEST(YamlToJson, StringsAreEscaped) {
    EXPECT_EQ(config_json_of("      text: \"quote\\\" back\\\\ nl\\n tab\\t bell\\a é \\u263A\"\n"),
              "{\"text\":\"quote\\\" back\\\\ nl\\n tab\\t bell\\u0007 é ☺\"}");
}

TEST(YamlToJson, KeysAreTheirText) {
    EXPECT_EQ(config_json_of("      1: one\n      true: yes\n      \"a\\\"b\": q\n"),
              R"({"1":"one","true":"yes","a\"b":"q"})");
}

TEST(YamlToJson, AliasesAreExpanded) {
    EXPECT_EQ(config_json_of("      base: &b {x: 1}\n      copy: *b\n      list: [*b]\n"),
              R"({"base":{"x":1},"copy":{"x":1},"list":[{"x":1}]})");
}

TEST(YamlToJson, FlowAndBlockCollectionsNest) {
    EXPECT_EQ(config_json_of("      matrix:\n        - [1, 2]\n        - []\n        -\n"
                             "          - {a: [x]}\n"),
              R"({"matrix":[[1,2],[],[{"a":["x"]}]]})");
}

}  // namespace
}  // namespace plugboard::config
