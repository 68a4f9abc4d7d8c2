// 2020-12 semantics (the MCP default dialect), which Debian's copy of the official suite lacks.
#include "schema/json_schema.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace plugboard::schema {
namespace {

using test_support::accepts;
using test_support::compile_json;
using test_support::ParsedInstance;

TEST(Draft2020, DefaultsTo2020WithoutSchemaKeyword) {
    const auto validator = compile_json(R"({"type": "object"})");
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(validator->dialect(), Dialect::draft2020_12);
}

TEST(Draft2020, McpToolWithRequiredStringAndNumber) {
    const auto validator = compile_json(R"({
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "number", "minimum": 0}},
        "required": ["name", "age"]
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"name": "Ada", "age": 36})"));
    EXPECT_TRUE(accepts(*validator, R"({"name": "Ada", "age": 36.5, "extra": true})"));
    EXPECT_FALSE(accepts(*validator, R"({"name": "Ada"})"));
    EXPECT_FALSE(accepts(*validator, R"({"name": 7, "age": 36})"));
    EXPECT_FALSE(accepts(*validator, R"({"name": "Ada", "age": -1})"));
    EXPECT_FALSE(accepts(*validator, R"(["Ada", 36])"));
}

TEST(Draft2020, McpEnumOfStrings) {
    const auto validator = compile_json(R"({
        "type": "object",
        "properties": {"unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "additionalProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"unit": "celsius"})"));
    EXPECT_TRUE(accepts(*validator, R"({})"));
    EXPECT_FALSE(accepts(*validator, R"({"unit": "kelvin"})"));
    EXPECT_FALSE(accepts(*validator, R"({"unit": "celsius", "city": "Oslo"})"));
}

TEST(Draft2020, McpNestedArraysOfObjects) {
    const auto validator = compile_json(R"({
        "type": "object",
        "properties": {
            "rows": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"id": {"type": "integer"}, "tags": {"type": "array",
                                       "items": {"type": "string"}, "uniqueItems": true}},
                        "required": ["id"]
                    }
                }
            }
        },
        "required": ["rows"]
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(
        accepts(*validator, R"({"rows": [[{"id": 1}, {"id": 2, "tags": ["a", "b"]}], []]})"));
    EXPECT_FALSE(accepts(*validator, R"({"rows": [[{"id": 1}], [{"tags": []}]]})"));
    EXPECT_FALSE(accepts(*validator, R"({"rows": [[{"id": 1, "tags": ["a", "a"]}]]})"));
    EXPECT_FALSE(accepts(*validator, R"({"rows": [[{"id": 1.5}]]})"));
}

TEST(Draft2020, PrefixItemsThenItems) {
    const auto validator = compile_json(R"({
        "prefixItems": [{"type": "string"}, {"type": "integer"}],
        "items": {"type": "boolean"}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"([])"));
    EXPECT_TRUE(accepts(*validator, R"(["a"])"));
    EXPECT_TRUE(accepts(*validator, R"(["a", 1, true, false])"));
    EXPECT_FALSE(accepts(*validator, R"([1])"));
    EXPECT_FALSE(accepts(*validator, R"(["a", 1, "not a boolean"])"));
}

TEST(Draft2020, ItemsFalseClosesTuple) {
    const auto validator = compile_json(R"({"prefixItems": [{}, {}], "items": false})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"([1, 2])"));
    EXPECT_FALSE(accepts(*validator, R"([1, 2, 3])"));
}

TEST(Draft2020, ItemsAppliesToEveryItemWithoutPrefixItems) {
    const auto validator = compile_json(R"({"items": {"type": "integer"}})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"([1, 2, 3])"));
    EXPECT_FALSE(accepts(*validator, R"([1, "2"])"));
    EXPECT_TRUE(accepts(*validator, R"("not an array")"));
}

TEST(Draft2020, DefsAndRefWithSiblingKeywords) {
    // Unlike draft-07, keywords next to $ref still apply.
    const auto validator = compile_json(R"({
        "$defs": {"short": {"type": "string", "maxLength": 5}},
        "$ref": "#/$defs/short",
        "minLength": 2
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"("abc")"));
    EXPECT_FALSE(accepts(*validator, R"("a")"));
    EXPECT_FALSE(accepts(*validator, R"("abcdef")"));
    EXPECT_FALSE(accepts(*validator, R"(12)"));
}

TEST(Draft2020, RefToLegacyDefinitions) {
    const auto validator = compile_json(R"({
        "definitions": {"id": {"type": "string"}, "note": "not a schema"},
        "properties": {"id": {"$ref": "#/definitions/id"}}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"id": "x"})"));
    EXPECT_FALSE(accepts(*validator, R"({"id": 1})"));
}

TEST(Draft2020, RecursiveRefToRoot) {
    const auto validator = compile_json(R"({
        "type": "object",
        "properties": {"value": {"type": "number"}, "children": {"type": "array", "items": {"$ref": "#"}}},
        "required": ["value"]
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator,
                        R"({"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]})"));
    EXPECT_FALSE(
        accepts(*validator, R"({"value": 1, "children": [{"value": 2, "children": [{}]}]})"));
}

TEST(Draft2020, AnchorAndRelativeIds) {
    const auto validator = compile_json(R"({
        "$id": "https://example.com/schemas/root.json",
        "type": "object",
        "properties": {
            "a": {"$ref": "#positive"},
            "b": {"$ref": "item.json"},
            "c": {"$ref": "item.json#/$defs/flag"},
            "d": {"$ref": "https://example.com/schemas/item.json#code"}
        },
        "$defs": {
            "positive": {"$anchor": "positive", "type": "integer", "exclusiveMinimum": 0},
            "item": {
                "$id": "item.json",
                "type": "string",
                "$defs": {
                    "flag": {"type": "boolean"},
                    "code": {"$anchor": "code", "pattern": "^[A-Z]{3}$"}
                }
            }
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"a": 1, "b": "x", "c": true, "d": "ABC"})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": 0})"));
    EXPECT_FALSE(accepts(*validator, R"({"b": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"c": "true"})"));
    EXPECT_FALSE(accepts(*validator, R"({"d": "abc"})"));
}

TEST(Draft2020, PercentEncodedAndEscapedPointers) {
    const auto validator = compile_json(R"({
        "$defs": {"a/b": {"type": "integer"}, "c%d": {"type": "string"}, "t~e": {"type": "null"}},
        "properties": {
            "slash": {"$ref": "#/$defs/a~1b"},
            "percent": {"$ref": "#/$defs/c%25d"},
            "tilde": {"$ref": "#/$defs/t~0e"}
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"slash": 1, "percent": "x", "tilde": null})"));
    EXPECT_FALSE(accepts(*validator, R"({"slash": "1"})"));
    EXPECT_FALSE(accepts(*validator, R"({"percent": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"tilde": 0})"));
}

TEST(Draft2020, RefIntoUnknownKeyword) {
    const auto validator =
        compile_json(R"({"x-shared": {"type": "integer"}, "$ref": "#/x-shared"})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "3"));
    EXPECT_FALSE(accepts(*validator, "3.5"));
}

TEST(Draft2020, IdInsideEnumIsNotAnIdentifier) {
    const auto validator = compile_json(R"({
        "$defs": {
            "fake": {"enum": [{"$id": "https://example.com/x", "type": "null"}]},
            "real": {"$id": "https://example.com/x", "type": "string"}
        },
        "$ref": "https://example.com/x"
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"("s")"));
    EXPECT_FALSE(accepts(*validator, "null"));
}

TEST(Draft2020, DependentRequired) {
    const auto validator = compile_json(R"({"dependentRequired": {"card": ["billing", "cvv"]}})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({})"));
    EXPECT_TRUE(accepts(*validator, R"({"billing": "x"})"));
    EXPECT_TRUE(accepts(*validator, R"({"card": 1, "billing": "x", "cvv": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"card": 1, "billing": "x"})"));
}

TEST(Draft2020, DependentSchemas) {
    const auto validator = compile_json(R"({
        "dependentSchemas": {"card": {"required": ["billing"], "properties": {"billing": {"type": "string"}}}}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"billing": 5})"));
    EXPECT_TRUE(accepts(*validator, R"({"card": 1, "billing": "x"})"));
    EXPECT_FALSE(accepts(*validator, R"({"card": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"card": 1, "billing": 5})"));
}

TEST(Draft2020, IfThenElse) {
    const auto validator = compile_json(R"({
        "if": {"properties": {"kind": {"const": "circle"}}, "required": ["kind"]},
        "then": {"required": ["radius"]},
        "else": {"required": ["width", "height"]}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"kind": "circle", "radius": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"kind": "circle", "width": 1, "height": 1})"));
    EXPECT_TRUE(accepts(*validator, R"({"kind": "box", "width": 1, "height": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"kind": "box", "radius": 1})"));
}

TEST(Draft2020, ThenWithoutIfIsIgnored) {
    const auto validator = compile_json(R"({"then": false, "else": false})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "1"));
}

TEST(Draft2020, BooleanSchemas) {
    const auto always = compile_json("true");
    const auto never = compile_json("false");
    ASSERT_NE(always, nullptr);
    ASSERT_NE(never, nullptr);
    EXPECT_TRUE(accepts(*always, R"({"anything": [1, null]})"));
    EXPECT_FALSE(accepts(*never, "null"));

    const auto properties = compile_json(R"({"properties": {"yes": true, "no": false}})");
    ASSERT_NE(properties, nullptr);
    EXPECT_TRUE(accepts(*properties, R"({"yes": 1})"));
    EXPECT_FALSE(accepts(*properties, R"({"no": 1})"));
}

TEST(Draft2020, LengthCountsCodePointsNotBytes) {
    const auto validator = compile_json(R"({"minLength": 2, "maxLength": 3})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"("é€")"));   // 5 bytes, 2 code points
    EXPECT_TRUE(accepts(*validator, R"("😀😀😀")"));  // 12 bytes, 3 code points
    EXPECT_FALSE(accepts(*validator, R"("😀😀😀😀")"));
    EXPECT_FALSE(accepts(*validator, R"("\u00e9")"));        // escaped, still 1 code point
    EXPECT_TRUE(accepts(*validator, R"("\ud83d\ude00x")"));  // surrogate pair is one code point
}

TEST(Draft2020, IntegerAcceptsIntegralFloats) {
    const auto validator = compile_json(R"({"type": "integer"})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "1"));
    EXPECT_TRUE(accepts(*validator, "1.0"));
    EXPECT_TRUE(accepts(*validator, "-0.0"));
    EXPECT_TRUE(accepts(*validator, "1e3"));
    EXPECT_TRUE(accepts(*validator, "18446744073709551615"));
    EXPECT_FALSE(accepts(*validator, "1.5"));
    EXPECT_FALSE(accepts(*validator, "1e-3"));
    EXPECT_FALSE(accepts(*validator, R"("1")"));
}

TEST(Draft2020, NumberBoundsCompareAcrossRepresentations) {
    const auto validator =
        compile_json(R"({"minimum": 1, "exclusiveMaximum": 18446744073709551615})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "1.0"));
    EXPECT_TRUE(accepts(*validator, "18446744073709551614"));
    EXPECT_FALSE(accepts(*validator, "18446744073709551615"));
    EXPECT_FALSE(accepts(*validator, "0.9999999"));
    EXPECT_FALSE(accepts(*validator, "-9223372036854775808"));
}

TEST(Draft2020, MultipleOfWithDecimalDivisors) {
    const auto cents = compile_json(R"({"multipleOf": 0.01})");
    ASSERT_NE(cents, nullptr);
    EXPECT_TRUE(accepts(*cents, "19.99"));
    EXPECT_TRUE(accepts(*cents, "0.07"));
    EXPECT_TRUE(accepts(*cents, "1000000.01"));
    EXPECT_FALSE(accepts(*cents, "19.995"));

    const auto tenth = compile_json(R"({"multipleOf": 0.1})");
    ASSERT_NE(tenth, nullptr);
    EXPECT_TRUE(accepts(*tenth, "0.3"));
    EXPECT_FALSE(accepts(*tenth, "0.35"));

    const auto integers = compile_json(R"({"multipleOf": 3})");
    ASSERT_NE(integers, nullptr);
    EXPECT_TRUE(accepts(*integers, "9"));
    EXPECT_TRUE(accepts(*integers, "-9"));
    EXPECT_TRUE(accepts(*integers, "9.0"));
    EXPECT_FALSE(accepts(*integers, "10"));
    EXPECT_FALSE(accepts(*integers, "9.5"));
    EXPECT_TRUE(accepts(*integers, "18446744073709551612"));

    // 1e308 / 0.123456789 overflows to infinity: not a multiple, and no crash.
    const auto overflow = compile_json(R"({"multipleOf": 0.123456789})");
    ASSERT_NE(overflow, nullptr);
    EXPECT_FALSE(accepts(*overflow, "1e308"));
}

TEST(Draft2020, ConstAndEnumUseDeepEquality) {
    const auto validator = compile_json(R"({"const": {"a": [1, 2.0], "b": {"c": null}}})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"b": {"c": null}, "a": [1.0, 2]})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": [1, 2], "b": {"c": false}})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": [1, 2], "b": {"c": null}, "d": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": [2, 1], "b": {"c": null}})"));

    const auto enumeration = compile_json(R"({"enum": [false, 0, "0", [0]]})");
    ASSERT_NE(enumeration, nullptr);
    EXPECT_TRUE(accepts(*enumeration, "0.0"));
    EXPECT_TRUE(accepts(*enumeration, "[0.0]"));
    EXPECT_TRUE(accepts(*enumeration, "false"));
    EXPECT_FALSE(accepts(*enumeration, "null"));
    EXPECT_FALSE(accepts(*enumeration, "true"));
    EXPECT_FALSE(accepts(*enumeration, "[false]"));
}

TEST(Draft2020, UniqueItemsShortAndLongArrays) {
    const auto validator = compile_json(R"({"uniqueItems": true})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"([1, "1", [1], {"a": 1}, true])"));
    EXPECT_FALSE(accepts(*validator, R"([1, 2, 1.0])"));
    EXPECT_FALSE(accepts(*validator, R"([{"a": 1, "b": 2}, {"b": 2, "a": 1}])"));

    // Past the pairwise limit, duplicates are found through hashing.
    std::string long_unique = "[";
    for (int i = 0; i < 100; ++i)
        long_unique += (i ? "," : "") + std::to_string(i);
    EXPECT_TRUE(accepts(*validator, long_unique + "]"));
    EXPECT_FALSE(accepts(*validator, long_unique + ", 42.0]"));
    EXPECT_FALSE(accepts(*validator, long_unique + R"(, {"x": [1]}, {"x": [1.0]}])"));
}

TEST(Draft2020, ContainsWithMinAndMaxContains) {
    const auto validator =
        compile_json(R"({"contains": {"type": "string"}, "minContains": 2, "maxContains": 3})");
    ASSERT_NE(validator, nullptr);
    EXPECT_FALSE(accepts(*validator, R"(["a", 1])"));
    EXPECT_TRUE(accepts(*validator, R"(["a", 1, "b"])"));
    EXPECT_TRUE(accepts(*validator, R"(["a", "b", "c"])"));
    EXPECT_FALSE(accepts(*validator, R"(["a", "b", "c", "d"])"));

    const auto optional = compile_json(R"({"contains": {"type": "string"}, "minContains": 0})");
    ASSERT_NE(optional, nullptr);
    EXPECT_TRUE(accepts(*optional, "[]"));
    EXPECT_TRUE(accepts(*optional, "[1]"));
}

TEST(Draft2020, PropertyNamesAndPatternProperties) {
    const auto validator = compile_json(R"({
        "propertyNames": {"pattern": "^[a-z_]+$", "maxLength": 8},
        "patternProperties": {"^n_": {"type": "number"}},
        "additionalProperties": {"type": "string"}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"n_count": 3, "label": "x"})"));
    EXPECT_FALSE(accepts(*validator, R"({"n_count": "3"})"));
    EXPECT_FALSE(accepts(*validator, R"({"label": 3})"));
    EXPECT_FALSE(accepts(*validator, R"({"Label": "x"})"));
    EXPECT_FALSE(accepts(*validator, R"({"much_too_long": "x"})"));
}

TEST(Draft2020, PatternsAreUnanchoredAndUnicodeAware) {
    const auto contains_digit = compile_json(R"({"pattern": "\\d"})");
    ASSERT_NE(contains_digit, nullptr);
    EXPECT_TRUE(accepts(*contains_digit, R"("abc1def")"));
    EXPECT_FALSE(accepts(*contains_digit, R"("abc")"));
    EXPECT_FALSE(accepts(*contains_digit, R"("৪")"));  // a Bengali digit is not \d in ECMA-262
    EXPECT_TRUE(accepts(*contains_digit, "12"));       // pattern ignores non-strings

    const auto letters = compile_json(R"({"pattern": "^[\\p{L} ]+$"})");
    ASSERT_NE(letters, nullptr);
    EXPECT_TRUE(accepts(*letters, R"("José Ñúñez")"));
    EXPECT_FALSE(accepts(*letters, R"("R2D2")"));

    const auto one_char = compile_json(R"({"pattern": "^.$"})");
    ASSERT_NE(one_char, nullptr);
    EXPECT_TRUE(accepts(*one_char, R"("😀")"));
    EXPECT_FALSE(accepts(*one_char, R"("\n")"));
}

TEST(Draft2020, FormatIsOnlyAnAnnotation) {
    const auto validator = compile_json(R"({"type": "string", "format": "email"})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"("not an email")"));
}

TEST(Draft2020, UnknownKeywordsAreIgnored) {
    const auto validator =
        compile_json(R"({"x-ui": {"widget": 3}, "title": "t", "examples": [1]})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"("anything")"));
}

TEST(Draft2020, UnevaluatedPropertiesSeesThroughInPlaceApplicators) {
    const auto validator = compile_json(R"({
        "type": "object",
        "properties": {"kind": {"type": "string"}},
        "allOf": [{"properties": {"a": true}}],
        "anyOf": [{"properties": {"b": true}, "required": ["b"]}, {"properties": {"c": true}, "required": ["c"]}],
        "$ref": "#/$defs/extra",
        "$defs": {"extra": {"patternProperties": {"^x-": true}}},
        "unevaluatedProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"kind": "k", "a": 1, "b": 1, "x-y": 1})"));
    EXPECT_TRUE(accepts(*validator, R"({"b": 1, "c": 1})"));
    EXPECT_FALSE(accepts(*validator, R"({"b": 1, "d": 1})"));
}

TEST(Draft2020, UnevaluatedPropertiesIgnoresFailedBranchesAndNot) {
    const auto validator = compile_json(R"({
        "anyOf": [{"properties": {"a": true}, "required": ["a"]}, {"properties": {"b": {"type": "string"}}}],
        "not": {"properties": {"c": true}, "required": ["zzz"]},
        "unevaluatedProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"a": 1, "b": "s"})"));
    // The first branch fails (no "a"), so only "b" from the second counts; "c" is never evaluated.
    EXPECT_FALSE(accepts(*validator, R"({"b": "s", "c": 1})"));
}

TEST(Draft2020, UnevaluatedPropertiesWithConditionals) {
    const auto validator = compile_json(R"({
        "if": {"properties": {"foo": {"const": "then"}}, "required": ["foo"]},
        "then": {"properties": {"bar": {"type": "string"}}, "required": ["bar"]},
        "else": {"properties": {"baz": {"type": "string"}}, "required": ["baz"]},
        "unevaluatedProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"foo": "then", "bar": "x"})"));
    EXPECT_FALSE(accepts(*validator, R"({"foo": "then", "bar": "x", "baz": "y"})"));
    // The failed "if" evaluated "foo", but a failed subschema contributes nothing.
    EXPECT_FALSE(accepts(*validator, R"({"foo": "else", "baz": "y"})"));
    EXPECT_TRUE(accepts(*validator, R"({"baz": "y"})"));
}

TEST(Draft2020, UnevaluatedPropertiesCannotSeeCousins) {
    const auto validator = compile_json(R"({
        "allOf": [{"properties": {"foo": true}}, {"unevaluatedProperties": false}]
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_FALSE(accepts(*validator, R"({"foo": 1})"));
    EXPECT_TRUE(accepts(*validator, R"({})"));
}

TEST(Draft2020, NestedUnevaluatedPropertiesEvaluateEverything) {
    const auto validator = compile_json(R"({
        "properties": {"foo": {"type": "string"}},
        "allOf": [{"unevaluatedProperties": true}],
        "unevaluatedProperties": {"type": "string", "maxLength": 2}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"foo": "foo", "bar": "bar"})"));
}

TEST(Draft2020, UnevaluatedPropertiesSchemaAppliesToTheRest) {
    const auto validator = compile_json(R"({
        "properties": {"id": {"type": "integer"}},
        "unevaluatedProperties": {"type": "string"}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"id": 1, "note": "x"})"));
    EXPECT_FALSE(accepts(*validator, R"({"id": 1, "note": 2})"));
}

TEST(Draft2020, UnevaluatedItemsWithPrefixItemsAndContains) {
    const auto validator = compile_json(R"({
        "allOf": [{"prefixItems": [{"type": "string"}]}],
        "contains": {"type": "boolean"},
        "minContains": 0,
        "unevaluatedItems": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"(["a", true, false])"));
    EXPECT_FALSE(accepts(*validator, R"(["a", true, 3])"));
    EXPECT_TRUE(accepts(*validator, R"([])"));
}

TEST(Draft2020, UnevaluatedItemsAfterItemsIsEmpty) {
    const auto validator =
        compile_json(R"({"items": {"type": "number"}, "unevaluatedItems": false})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "[1, 2, 3]"));
    EXPECT_FALSE(accepts(*validator, R"([1, "2"])"));
}

TEST(Draft2020, UnevaluatedItemsThroughOneOf) {
    const auto validator = compile_json(R"({
        "oneOf": [{"prefixItems": [{"const": "a"}, true]}, {"prefixItems": [{"const": "b"}]}],
        "unevaluatedItems": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"(["a", 1])"));
    EXPECT_FALSE(accepts(*validator, R"(["b", 1])"));
    EXPECT_TRUE(accepts(*validator, R"(["b"])"));
}

TEST(Draft2020, DynamicRefPicksOutermostAnchor) {
    const auto validator = compile_json(R"({
        "$id": "https://example.com/strings",
        "$ref": "list",
        "$defs": {
            "item": {"$dynamicAnchor": "item", "type": "string"},
            "list": {
                "$id": "list",
                "type": "array",
                "items": {"$dynamicRef": "#item"},
                "$defs": {"default": {"$dynamicAnchor": "item"}}
            }
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"(["a", "b"])"));
    EXPECT_FALSE(accepts(*validator, R"(["a", 1])"));
}

TEST(Draft2020, DynamicRefWithoutBookendIsStatic) {
    const auto validator = compile_json(R"({
        "$id": "https://example.com/root",
        "$ref": "list",
        "$defs": {
            "item": {"$dynamicAnchor": "item", "type": "string"},
            "list": {
                "$id": "list",
                "items": {"$dynamicRef": "#item"},
                "$defs": {"default": {"$anchor": "item"}}
            }
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"(["a", 1])"));
}

TEST(Draft2020, DynamicRefExtendsARecursiveSchema) {
    // A "strict tree": the tree recurses through $dynamicRef, so the stricter outer schema
    // (no unknown properties) applies at every level.
    const auto validator = compile_json(R"({
        "$id": "https://example.com/strict-tree",
        "$dynamicAnchor": "node",
        "$ref": "tree",
        "unevaluatedProperties": false,
        "$defs": {
            "tree": {
                "$id": "tree",
                "$dynamicAnchor": "node",
                "type": "object",
                "properties": {"data": true, "children": {"type": "array", "items": {"$dynamicRef": "#node"}}}
            }
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"children": [{"data": 1}]})"));
    EXPECT_FALSE(accepts(*validator, R"({"children": [{"daat": 1}]})"));
}

TEST(Draft2020, DeepRecursionStopsAtTheConfiguredDepth) {
    CompileOptions options;
    options.max_evaluation_depth = 40;
    const auto validator = compile_json(R"({"items": {"$ref": "#"}})", options);
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "[[[[1]]]]"));
    const std::string deep = std::string(100, '[') + std::string(100, ']');
    const ParsedInstance instance(deep);
    const auto errors = validator->validate(instance.root());
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors.front().message.find("nested too deeply"), std::string::npos);
}

TEST(Draft2020, ConcurrentValidationSharesOneValidator) {
    const auto validator = compile_json(R"({
        "type": "object",
        "properties": {"n": {"type": "integer", "multipleOf": 2}, "s": {"pattern": "^a+$"}},
        "required": ["n"],
        "unevaluatedProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            simdjson::dom::parser parser;
            for (int i = 0; i < 500; ++i) {
                const int n = t * 1000 + i;
                const std::string json = R"({"n": )" + std::to_string(n) + R"(, "s": "aaa"})";
                simdjson::dom::element element;
                if (parser.parse(json).get(element) != simdjson::SUCCESS) {
                    ++mismatches;
                    continue;
                }
                if (validator->is_valid(element) != (n % 2 == 0)) ++mismatches;
                if (validator->validate(element).empty() != (n % 2 == 0)) ++mismatches;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace plugboard::schema
