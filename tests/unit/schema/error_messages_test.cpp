// What a model reads when its arguments are refused: location first, then the constraint.
#include "schema/json_schema.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace plugboard::schema {
namespace {

using test_support::compile_json;
using test_support::messages;
using test_support::ParsedInstance;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ErrorMessages, ToolArgumentsReportEveryProblemInOrder) {
    const auto validator = compile_json(R"({
        "type": "object",
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "age": {"type": "integer", "minimum": 18},
            "tags": {"type": "array", "items": {"type": "string"}},
            "unit": {"enum": ["c", "f"]}
        },
        "required": ["name"],
        "additionalProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    const ParsedInstance instance(R"({"age": 17, "tags": ["a", 2], "unit": "k", "extra": 1})");
    const auto errors = validator->validate(instance.root());
    ASSERT_EQ(errors.size(), 5U);
    EXPECT_EQ(errors[0].instance_path, "");
    EXPECT_EQ(errors[0].message, R"(/: missing required property "name")");
    EXPECT_EQ(errors[1].instance_path, "/age");
    EXPECT_EQ(errors[1].message, "/age: 17 is less than the minimum of 18");
    EXPECT_EQ(errors[2].instance_path, "/tags/1");
    EXPECT_EQ(errors[2].message, "/tags/1: expected string, got number 2");
    EXPECT_EQ(errors[3].instance_path, "/unit");
    EXPECT_EQ(errors[3].message, R"(/unit: must be one of: "c", "f" (got "k"))");
    EXPECT_EQ(errors[4].instance_path, "");
    EXPECT_EQ(errors[4].message, R"(/: unexpected property "extra")");
}

TEST(ErrorMessages, MaxErrorsCapsTheList) {
    const auto validator = compile_json(R"({"required": ["a", "b", "c", "d"]})");
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(messages(*validator, "{}").size(), 4U);
    EXPECT_THAT(messages(*validator, "{}", 2), ElementsAre(R"(/: missing required property "a")",
                                                           R"(/: missing required property "b")"));
    // Zero would read as "valid", so at least one error is always reported.
    EXPECT_EQ(messages(*validator, "{}", 0).size(), 1U);
}

TEST(ErrorMessages, ValidInstanceHasNoErrors) {
    const auto validator = compile_json(R"({"type": "object", "required": ["a"]})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(messages(*validator, R"({"a": 1})").empty());
}

TEST(ErrorMessages, TypeMismatches) {
    const auto validator = compile_json(R"({
        "properties": {
            "o": {"type": "object"}, "n": {"type": ["string", "null"]}, "i": {"type": "integer"},
            "b": {"type": "boolean"}, "s": {"type": ["integer", "boolean", "string"]}
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(
        messages(*validator, R"({"o": [1], "n": 1.5, "i": 2.5, "b": null, "s": {}})"),
        ElementsAre("/o: expected object, got array", "/n: expected string or null, got number 1.5",
                    "/i: expected integer, got number 2.5", "/b: expected boolean, got null",
                    "/s: expected string, integer or boolean, got object"));
}

TEST(ErrorMessages, StringConstraints) {
    const auto validator = compile_json(R"({
        "properties": {
            "short": {"minLength": 2}, "long": {"maxLength": 1}, "code": {"pattern": "^[0-9]+$"}
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(messages(*validator, R"({"short": "é", "long": "ab", "code": "12a"})"),
                ElementsAre("/short: must be at least 2 characters long (got 1)",
                            "/long: must be at most 1 character long (got 2)",
                            R"(/code: "12a" does not match the pattern "^[0-9]+$")"));
}

TEST(ErrorMessages, NumberConstraints) {
    const auto validator = compile_json(R"({
        "properties": {
            "max": {"maximum": 1.5}, "exmin": {"exclusiveMinimum": 0}, "exmax": {"exclusiveMaximum": 10},
            "mult": {"multipleOf": 5}
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(messages(*validator, R"({"max": 2, "exmin": 0, "exmax": 10.0, "mult": 7})"),
                ElementsAre("/max: 2 is greater than the maximum of 1.5",
                            "/exmin: 0 must be greater than 0", "/exmax: 10 must be less than 10",
                            "/mult: 7 is not a multiple of 5"));
}

TEST(ErrorMessages, ArrayConstraints) {
    const auto validator = compile_json(R"({
        "properties": {
            "few": {"minItems": 2}, "many": {"maxItems": 1}, "unique": {"uniqueItems": true},
            "tuple": {"prefixItems": [true, true], "items": false},
            "has": {"contains": {"type": "string"}},
            "range": {"contains": {"type": "string"}, "minContains": 2, "maxContains": 2}
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(
        messages(*validator,
                 R"({"few": [1], "many": [1, 2], "unique": [1, 2, 1], "tuple": [1, 2, 3],
                                       "has": [1], "range": ["a"]})"),
        ElementsAre(
            "/few: array has 1 item, fewer than the minimum of 2",
            "/many: array has 2 items, more than the maximum of 1",
            "/unique: items 0 and 2 are equal, but items must be unique",
            "/tuple: array has 3 items, but at most 2 are allowed",
            R"(/has: array has no item that matches the "contains" schema)",
            R"(/range: array has 1 item matching the "contains" schema, fewer than the minimum of 2)"));
    EXPECT_THAT(
        messages(*validator, R"({"range": ["a", "b", "c"]})"),
        ElementsAre(
            R"(/range: array has 3 items matching the "contains" schema, more than the maximum of 2)"));
}

TEST(ErrorMessages, ObjectConstraints) {
    const auto validator = compile_json(R"({
        "minProperties": 3,
        "dependentRequired": {"card": ["billing"]},
        "propertyNames": {"pattern": "^[a-z]+$"}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(
        messages(*validator, R"({"card": 1, "Bad": 2})"),
        ElementsAre(
            "/: object has 2 properties, fewer than the minimum of 3",
            R"(/: missing property "billing", required when "card" is present)",
            R"(/: invalid property name "Bad": "Bad" does not match the pattern "^[a-z]+$")"));
}

TEST(ErrorMessages, ConstNotAndFalseSchemas) {
    const auto validator = compile_json(R"({
        "properties": {"kind": {"const": "circle"}, "no": false, "not": {"not": {"type": "string"}}}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(
        messages(*validator, R"({"kind": "square", "no": 1, "not": "s"})"),
        ElementsAre(R"(/kind: must be equal to "circle" (got "square"))",
                    "/no: no value is allowed here", R"(/not: must not match the "not" schema)"));
}

TEST(ErrorMessages, AnyOfPointsAtTheClosestAlternative) {
    const auto validator = compile_json(R"({
        "anyOf": [
            {"type": "string"},
            {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}
        ]
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(
        messages(*validator, R"({"id": "7"})"),
        ElementsAre(
            "/: does not match any of the 2 alternatives in anyOf (closest is alternative 1; "
            "its errors follow)",
            "/id: expected integer, got string \"7\""));
    EXPECT_THAT(messages(*validator, R"({"id": "7"})", 1),
                ElementsAre("/: does not match any of the 2 alternatives in anyOf"));
}

TEST(ErrorMessages, OneOfReportsAmbiguity) {
    const auto validator =
        compile_json(R"({"oneOf": [{"type": "integer"}, {"minimum": 0}, {"type": "string"}]})");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(
        messages(*validator, "5"),
        ElementsAre("/: matches both alternative 0 and 1 of oneOf, but must match exactly one"));
    EXPECT_THAT(messages(*validator, "-1.5"),
                ElementsAre(HasSubstr("/: does not match any of the 3 alternatives in oneOf"),
                            "/: expected integer, got number -1.5"));
}

TEST(ErrorMessages, UnevaluatedPropertiesAndItems) {
    const auto validator = compile_json(R"({
        "properties": {"list": {"prefixItems": [true], "unevaluatedItems": false}},
        "unevaluatedProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_THAT(messages(*validator, R"({"list": [1, 2], "x": 1})"),
                ElementsAre("/list/1: unexpected array item", R"(/: unexpected property "x")"));
}

TEST(ErrorMessages, PathsEscapeAndValuesAreShortened) {
    const auto validator =
        compile_json(R"({"additionalProperties": {"type": "integer"}, "maxLength": 1})");
    ASSERT_NE(validator, nullptr);
    const ParsedInstance instance(R"({"a/b~c": "x"})");
    const auto errors = validator->validate(instance.root());
    ASSERT_EQ(errors.size(), 1U);
    EXPECT_EQ(errors[0].instance_path, "/a~1b~0c");
    EXPECT_EQ(errors[0].message, R"(/a~1b~0c: expected integer, got string "x")");

    const auto enumeration = compile_json(R"({"enum": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]})");
    ASSERT_NE(enumeration, nullptr);
    const std::string long_text(100, 'z');
    EXPECT_THAT(messages(*enumeration, "\"" + long_text + "\""),
                ElementsAre("/: must be one of: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... (got \"" +
                            std::string(48, 'z') + "\"...)"));
}

}  // namespace
}  // namespace plugboard::schema
