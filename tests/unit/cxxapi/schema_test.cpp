// Parameter schemas derived from C++ types, and the strict conversion of
// arguments back to those types.
#include <gtest/gtest.h>
#include <plugboard/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

enum class Unit { metric, imperial };
PLUGBOARD_ENUM(Unit, {Unit::metric, "metric"}, {Unit::imperial, "imperial"});

namespace geometry {

struct Point {
    double x = 0;
    double y = 0;
};

void from_json(const nlohmann::json& json, Point& point) {
    json.at("x").get_to(point.x);
    json.at("y").get_to(point.y);
}

}  // namespace geometry

template <>
struct plugboard::JsonSchema<geometry::Point> {
    static nlohmann::json schema() {
        return {{"type", "object"},
                {"properties", {{"x", {{"type", "number"}}}, {"y", {{"type", "number"}}}}},
                {"required", {"x", "y"}}};
    }
};

namespace {

using nlohmann::json;
using plugboard::ArgumentError;
using plugboard::JsonSchema;
using plugboard::read_argument;

TEST(Schema, ScalarTypes) {
    EXPECT_EQ(JsonSchema<bool>::schema(), json::parse(R"({"type":"boolean"})"));
    EXPECT_EQ(JsonSchema<int>::schema(), json::parse(R"({"type":"integer"})"));
    EXPECT_EQ(JsonSchema<std::int64_t>::schema(), json::parse(R"({"type":"integer"})"));
    EXPECT_EQ(JsonSchema<short>::schema(), json::parse(R"({"type":"integer"})"));
    EXPECT_EQ(JsonSchema<unsigned>::schema(), json::parse(R"({"type":"integer","minimum":0})"));
    EXPECT_EQ(JsonSchema<std::uint64_t>::schema(),
              json::parse(R"({"type":"integer","minimum":0})"));
    EXPECT_EQ(JsonSchema<double>::schema(), json::parse(R"({"type":"number"})"));
    EXPECT_EQ(JsonSchema<float>::schema(), json::parse(R"({"type":"number"})"));
    EXPECT_EQ(JsonSchema<std::string>::schema(), json::parse(R"({"type":"string"})"));
}

TEST(Schema, AnyJsonIsUnconstrained) {
    EXPECT_EQ(JsonSchema<json>::schema(), json::object());
}

TEST(Schema, OptionalHasTheInnerSchema) {
    EXPECT_EQ(JsonSchema<std::optional<double>>::schema(), json::parse(R"({"type":"number"})"));
}

TEST(Schema, VectorsAreArraysOfTheirItems) {
    EXPECT_EQ(JsonSchema<std::vector<std::string>>::schema(),
              json::parse(R"({"type":"array","items":{"type":"string"}})"));
    EXPECT_EQ(
        JsonSchema<std::vector<std::vector<int>>>::schema(),
        json::parse(R"({"type":"array","items":{"type":"array","items":{"type":"integer"}}})"));
}

TEST(Schema, EnumsAreStringsWithTheirValues) {
    EXPECT_EQ(JsonSchema<Unit>::schema(),
              json::parse(R"({"type":"string","enum":["metric","imperial"]})"));
}

TEST(Schema, AuthorsSpecializeForTheirOwnTypes) {
    EXPECT_EQ(JsonSchema<geometry::Point>::schema()["required"], json::parse(R"(["x","y"])"));
}

TEST(InputSchema, NamesDescribesAndRequiresNonOptionalParameters) {
    const json schema = plugboard::input_schema<double, std::optional<std::string>, Unit>(
        {{"amount", "How much"}, {"label", "Shown next to it"}, {"unit", "Unit system"}});
    EXPECT_EQ(schema, json::parse(R"({
        "type": "object",
        "properties": {
            "amount": {"type": "number", "description": "How much"},
            "label": {"type": "string", "description": "Shown next to it"},
            "unit": {"type": "string", "enum": ["metric", "imperial"], "description": "Unit system"}
        },
        "required": ["amount", "unit"]
    })"));
}

TEST(InputSchema, MergesConstraintsAndOmitsEmptyParts) {
    const json schema = plugboard::input_schema<int, std::optional<bool>>(
        {{"steps", "", {{"minimum", 1}, {"maximum", 10}}}, {"verbose"}});
    EXPECT_EQ(schema, json::parse(R"({
        "type": "object",
        "properties": {
            "steps": {"type": "integer", "minimum": 1, "maximum": 10},
            "verbose": {"type": "boolean"}
        },
        "required": ["steps"]
    })"));
    const json optional_only = plugboard::input_schema<std::optional<int>>({{"n", "A number"}});
    EXPECT_FALSE(optional_only.contains("required"));
}

TEST(InputSchema, EmptyAcceptsOnlyAnEmptyObject) {
    EXPECT_EQ(plugboard::empty_input_schema(),
              json::parse(R"({"type":"object","additionalProperties":false})"));
}

TEST(ReadArgument, IntegersAreStrict) {
    EXPECT_EQ(read_argument<int>(json(-3)), -3);
    EXPECT_EQ(read_argument<int>(json(2.0)), 2);
    EXPECT_EQ(read_argument<std::uint64_t>(json(18446744073709551615ull)), 18446744073709551615ull);
    EXPECT_THROW(read_argument<int>(json(1.5)), ArgumentError);
    EXPECT_THROW(read_argument<int>(json("1")), ArgumentError);
    EXPECT_THROW(read_argument<int>(json(true)), ArgumentError);
    EXPECT_THROW(read_argument<std::int8_t>(json(300)), ArgumentError);
    EXPECT_THROW(read_argument<unsigned>(json(-1)), ArgumentError);
    EXPECT_THROW(read_argument<int>(json(1e300)), ArgumentError);
}

TEST(ReadArgument, OutOfRangeSaysSo) {
    try {
        read_argument<std::int8_t>(json(300));
        FAIL() << "no exception";
    } catch (const ArgumentError& error) {
        EXPECT_STREQ(error.what(), "integer out of range");
    }
}

TEST(ReadArgument, NumbersBooleansAndStrings) {
    EXPECT_EQ(read_argument<double>(json(4)), 4.0);
    EXPECT_EQ(read_argument<float>(json(0.5)), 0.5f);
    EXPECT_THROW(read_argument<double>(json("4")), ArgumentError);
    EXPECT_TRUE(read_argument<bool>(json(true)));
    EXPECT_THROW(read_argument<bool>(json(1)), ArgumentError);
    EXPECT_EQ(read_argument<std::string>(json("text")), "text");
    EXPECT_THROW(read_argument<std::string>(json(1)), ArgumentError);
}

TEST(ReadArgument, OptionalsVectorsAndJson) {
    EXPECT_EQ(read_argument<std::optional<int>>(json(nullptr)), std::nullopt);
    EXPECT_EQ(read_argument<std::optional<int>>(json(7)), 7);
    EXPECT_EQ(read_argument<std::vector<int>>(json::parse("[1,2,3]")), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(read_argument<json>(json::parse(R"({"a":[1]})")), json::parse(R"({"a":[1]})"));
    try {
        read_argument<std::vector<std::string>>(json::parse(R"(["a", 2])"));
        FAIL() << "no exception";
    } catch (const ArgumentError& error) {
        EXPECT_STREQ(error.what(), "item 1: expected a string");
    }
}

TEST(ReadArgument, EnumsByName) {
    EXPECT_EQ(read_argument<Unit>(json("imperial")), Unit::imperial);
    try {
        read_argument<Unit>(json("kelvin"));
        FAIL() << "no exception";
    } catch (const ArgumentError& error) {
        EXPECT_STREQ(error.what(), "expected one of: metric, imperial");
    }
}

TEST(ReadArgument, AuthorTypesThroughFromJson) {
    const auto point = read_argument<geometry::Point>(json::parse(R"({"x":1,"y":2})"));
    EXPECT_EQ(point.x, 1);
    EXPECT_EQ(point.y, 2);
    EXPECT_THROW(read_argument<geometry::Point>(json::parse(R"({"x":1})")), ArgumentError);
}

}  // namespace
