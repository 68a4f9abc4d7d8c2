// Dialects chosen by `$schema`: draft-07 (what zod emits), draft-06, draft-04 and 2019-09.
#include "schema/json_schema.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace plugboard::schema {
namespace {

using test_support::accepts;
using test_support::compile_json;

TEST(DialectFromUri, KnownAndUnknownUris) {
    EXPECT_EQ(dialect_from_uri("https://json-schema.org/draft/2020-12/schema"),
              Dialect::draft2020_12);
    EXPECT_EQ(dialect_from_uri("https://json-schema.org/draft/2019-09/schema#"),
              Dialect::draft2019_09);
    EXPECT_EQ(dialect_from_uri("http://json-schema.org/draft-07/schema#"), Dialect::draft7);
    EXPECT_EQ(dialect_from_uri("https://json-schema.org/draft-07/schema"), Dialect::draft7);
    EXPECT_EQ(dialect_from_uri("http://json-schema.org/draft-06/schema#"), Dialect::draft6);
    EXPECT_EQ(dialect_from_uri("http://json-schema.org/draft-04/schema#"), Dialect::draft4);
    EXPECT_EQ(dialect_from_uri("http://json-schema.org/draft-03/schema#"), std::nullopt);
    EXPECT_EQ(dialect_from_uri("https://example.com/my-dialect"), std::nullopt);
    EXPECT_EQ(dialect_from_uri("json-schema.org/draft-07/schema"), std::nullopt);
}

TEST(Draft7, ZodGeneratedToolSchema) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "query": {"type": "string", "minLength": 1},
            "limit": {"type": "integer", "exclusiveMinimum": 0, "maximum": 100, "default": 10},
            "sort": {"type": "string", "enum": ["asc", "desc"]},
            "filters": {"type": "array", "items": {"$ref": "#/definitions/filter"}}
        },
        "required": ["query"],
        "additionalProperties": false,
        "definitions": {
            "filter": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "value": {"type": ["string", "number", "boolean", "null"]}},
                "required": ["field", "value"],
                "additionalProperties": false
            }
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(validator->dialect(), Dialect::draft7);
    EXPECT_TRUE(accepts(
        *validator, R"({"query": "q", "limit": 5, "filters": [{"field": "a", "value": null}]})"));
    EXPECT_FALSE(accepts(*validator, R"({"query": ""})"));
    EXPECT_FALSE(accepts(*validator, R"({"query": "q", "limit": 0})"));
    EXPECT_FALSE(accepts(*validator, R"({"query": "q", "filters": [{"field": "a"}]})"));
    EXPECT_FALSE(accepts(*validator, R"({"query": "q", "page": 2})"));
}

TEST(Draft7, ArrayItemsAndAdditionalItems) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "items": [{"type": "string"}, {"type": "number"}],
        "additionalItems": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"(["a", 1])"));
    EXPECT_TRUE(accepts(*validator, R"(["a"])"));
    EXPECT_FALSE(accepts(*validator, R"(["a", 1, 2])"));
    EXPECT_FALSE(accepts(*validator, R"([1])"));
}

TEST(Draft7, AdditionalItemsIgnoredWithSchemaItems) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "items": {"type": "number"},
        "additionalItems": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "[1, 2, 3]"));
}

TEST(Draft7, PrefixItemsIsNotAKeyword) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "prefixItems": [{"type": "string"}]
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "[1]"));
}

TEST(Draft7, Dependencies) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "dependencies": {"card": ["billing"], "coupon": {"properties": {"total": {"minimum": 10}}}}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"card": 1, "billing": 2})"));
    EXPECT_FALSE(accepts(*validator, R"({"card": 1})"));
    EXPECT_TRUE(accepts(*validator, R"({"coupon": "x", "total": 12})"));
    EXPECT_FALSE(accepts(*validator, R"({"coupon": "x", "total": 5})"));
    EXPECT_TRUE(accepts(*validator, R"({"total": 5})"));
}

TEST(Draft7, RefOverridesSiblings) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"list": {"type": "array"}},
        "properties": {"a": {"$ref": "#/definitions/list", "maxItems": 1}}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"a": [1, 2, 3]})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": "x"})"));
}

TEST(Draft7, PlainNameIdIsAnAnchor) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"a": {"$ref": "#flag"}},
        "definitions": {"flag": {"$id": "#flag", "type": "boolean"}}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"a": true})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": 1})"));
}

TEST(Draft7, DefaultDialectOption) {
    CompileOptions options;
    options.default_dialect = Dialect::draft7;
    const auto validator =
        compile_json(R"({"items": [{"type": "string"}], "additionalItems": false})", options);
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(validator->dialect(), Dialect::draft7);
    EXPECT_FALSE(accepts(*validator, R"(["a", "b"])"));
}

TEST(Draft7, UnevaluatedPropertiesIsNotAKeyword) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "unevaluatedProperties": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, R"({"a": 1})"));
}

TEST(Draft6, ConditionalsAreNotKeywords) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-06/schema#",
        "if": true,
        "then": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "1"));
}

TEST(Draft4, BooleanExclusiveBoundsAndId) {
    const auto validator = compile_json(R"({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "http://example.com/root.json",
        "properties": {
            "a": {"minimum": 0, "exclusiveMinimum": true},
            "b": {"maximum": 10, "exclusiveMaximum": false},
            "c": {"$ref": "other.json"}
        },
        "definitions": {"other": {"id": "other.json", "type": "string"}}
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(validator->dialect(), Dialect::draft4);
    EXPECT_TRUE(accepts(*validator, R"({"a": 0.1, "b": 10, "c": "x"})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": 0})"));
    EXPECT_FALSE(accepts(*validator, R"({"b": 10.5})"));
    EXPECT_FALSE(accepts(*validator, R"({"c": 1})"));
}

TEST(Draft4, ConstIsNotAKeyword) {
    const auto validator =
        compile_json(R"({"$schema": "http://json-schema.org/draft-04/schema#", "const": 1})");
    ASSERT_NE(validator, nullptr);
    EXPECT_TRUE(accepts(*validator, "2"));
}

TEST(Draft2019, ArrayItemsAndRecursiveRef) {
    const auto validator = compile_json(R"({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": "https://example.com/strict",
        "$recursiveAnchor": true,
        "$ref": "tree",
        "unevaluatedProperties": false,
        "$defs": {
            "tree": {
                "$id": "tree",
                "$recursiveAnchor": true,
                "type": "object",
                "properties": {
                    "pair": {"items": [{"type": "string"}, {"type": "number"}], "additionalItems": false},
                    "children": {"type": "array", "items": {"$recursiveRef": "#"}}
                }
            }
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(validator->dialect(), Dialect::draft2019_09);
    EXPECT_TRUE(accepts(*validator, R"({"pair": ["a", 1], "children": [{"children": []}]})"));
    EXPECT_FALSE(accepts(*validator, R"({"pair": ["a", 1, 2]})"));
    EXPECT_FALSE(accepts(*validator, R"({"children": [{"typo": 1}]})"));
}

TEST(Draft2019, ContainsDoesNotEvaluateItems) {
    const auto validator = compile_json(R"({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "contains": {"type": "string"},
        "unevaluatedItems": false
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_FALSE(accepts(*validator, R"(["a"])"));

    const auto draft2020 =
        compile_json(R"({"contains": {"type": "string"}, "unevaluatedItems": false})");
    ASSERT_NE(draft2020, nullptr);
    EXPECT_TRUE(accepts(*draft2020, R"(["a"])"));
}

TEST(MixedDialects, EmbeddedResourceDeclaresItsOwnDialect) {
    const auto validator = compile_json(R"({
        "$id": "https://example.com/outer",
        "properties": {"legacy": {"$ref": "legacy"}},
        "$defs": {
            "legacy": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "$id": "legacy",
                "items": [{"type": "string"}],
                "additionalItems": false
            }
        }
    })");
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(validator->dialect(), Dialect::draft2020_12);
    EXPECT_TRUE(accepts(*validator, R"({"legacy": ["a"]})"));
    EXPECT_FALSE(accepts(*validator, R"({"legacy": ["a", "b"]})"));
}

TEST(ExternalDocuments, LoaderServesRemoteRefs) {
    CompileOptions options;
    int loads = 0;
    options.load_document = [&](std::string_view uri) -> std::optional<boost::json::value> {
        ++loads;
        if (uri == "https://example.com/common.json") {
            return boost::json::parse(
                R"({"$defs": {"id": {"type": "string", "pattern": "^[a-z]+$"}}})");
        }
        return std::nullopt;
    };
    const auto validator = compile_json(R"({
        "properties": {
            "a": {"$ref": "https://example.com/common.json#/$defs/id"},
            "b": {"$ref": "https://example.com/common.json#/$defs/id"}
        }
    })",
                                        options);
    ASSERT_NE(validator, nullptr);
    EXPECT_EQ(loads, 1);
    EXPECT_TRUE(accepts(*validator, R"({"a": "abc", "b": "xyz"})"));
    EXPECT_FALSE(accepts(*validator, R"({"a": "ABC"})"));
}

}  // namespace
}  // namespace plugboard::schema
