// Schemas the daemon must refuse up front, each with a message that names the spot.
#include "schema/json_schema.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace plugboard::schema {
namespace {

using test_support::compile_error;
using test_support::compile_json;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(CompileErrors, SchemaMustBeObjectOrBoolean) {
    EXPECT_THAT(compile_error("42"),
                HasSubstr("invalid schema at #: a schema must be an object or a boolean"));
    EXPECT_THAT(compile_error(R"({"properties": {"a": "string"}})"),
                HasSubstr("at #/properties/a: a schema must be an object or a boolean"));
    EXPECT_THAT(compile_error(R"({"items": 3})"), HasSubstr("at #/items:"));
}

TEST(CompileErrors, UnsupportedDialect) {
    EXPECT_THAT(
        compile_error(R"({"$schema": "http://json-schema.org/draft-03/schema#"})"),
        AllOf(HasSubstr("#/$schema"), HasSubstr("unsupported dialect"), HasSubstr("draft-03")));
    EXPECT_THAT(compile_error(R"({"$schema": 7})"), HasSubstr("\"$schema\" must be a string"));
}

TEST(CompileErrors, InvalidRegularExpressions) {
    EXPECT_THAT(compile_error(R"({"properties": {"a": {"pattern": "(unclosed"}}})"),
                AllOf(HasSubstr("at #/properties/a/pattern"),
                      HasSubstr("invalid regular expression \"(unclosed\"")));
    EXPECT_THAT(compile_error(R"({"patternProperties": {"[a-": true}})"),
                HasSubstr("at #/patternProperties: invalid regular expression \"[a-\""));
    // Unused definitions are checked too.
    EXPECT_THAT(compile_error(R"({"$defs": {"unused": {"pattern": "a{2,1}"}}})"),
                HasSubstr("at #/$defs/unused/pattern"));
}

TEST(CompileErrors, UnresolvableReferences) {
    EXPECT_THAT(compile_error(R"({"$ref": "#/$defs/missing"})"),
                HasSubstr("at #/$ref: unresolvable reference \"#/$defs/missing\""));
    EXPECT_THAT(compile_error(R"({"$ref": "#nowhere"})"), HasSubstr("no such anchor"));
    EXPECT_THAT(compile_error(R"({"$ref": "https://example.com/other.json"})"),
                AllOf(HasSubstr("https://example.com/other.json"),
                      HasSubstr("external references are not fetched")));
    EXPECT_THAT(compile_error(R"({"$ref": 5})"), HasSubstr("a reference must be a string"));
    EXPECT_THAT(compile_error(R"({"$ref": "#/enum/0", "enum": [1]})"),
                HasSubstr("a schema must be an object or a boolean"));
}

TEST(CompileErrors, LoaderWithoutTheDocument) {
    CompileOptions options;
    options.load_document = [](std::string_view) { return std::optional<boost::json::value>{}; };
    std::string error;
    const auto validator = Validator::compile(
        boost::json::parse(R"({"$ref": "https://example.com/a.json"})"), error, options);
    EXPECT_EQ(validator, nullptr);
    EXPECT_THAT(
        error,
        HasSubstr("unresolvable reference to external document \"https://example.com/a.json\""));
}

TEST(CompileErrors, MalformedKeywordValues) {
    EXPECT_THAT(compile_error(R"({"type": "strin"})"),
                HasSubstr("at #/type: unknown type \"strin\""));
    EXPECT_THAT(compile_error(R"({"type": []})"), HasSubstr("must not be an empty array"));
    EXPECT_THAT(compile_error(R"({"minLength": -1})"),
                HasSubstr("at #/minLength: must be a non-negative integer"));
    EXPECT_THAT(compile_error(R"({"maxItems": 1.5})"), HasSubstr("must be a non-negative integer"));
    EXPECT_THAT(compile_error(R"({"minimum": "5"})"), HasSubstr("at #/minimum: must be a number"));
    EXPECT_THAT(compile_error(R"({"multipleOf": 0})"), HasSubstr("must be greater than 0"));
    EXPECT_THAT(compile_error(R"({"required": "name"})"), HasSubstr("must be an array of strings"));
    EXPECT_THAT(compile_error(R"({"required": ["a", 1]})"),
                HasSubstr("must be an array of strings"));
    EXPECT_THAT(compile_error(R"({"enum": "a"})"), HasSubstr("at #/enum: must be an array"));
    EXPECT_THAT(compile_error(R"({"allOf": []})"),
                HasSubstr("must be a non-empty array of schemas"));
    EXPECT_THAT(compile_error(R"({"properties": []})"),
                HasSubstr("must be an object whose values are schemas"));
    EXPECT_THAT(compile_error(R"({"uniqueItems": "yes"})"), HasSubstr("must be a boolean"));
    EXPECT_THAT(compile_error(R"({"pattern": 5})"), HasSubstr("at #/pattern: must be a string"));
    EXPECT_THAT(compile_error(R"({"dependentRequired": {"a": "b"}})"),
                HasSubstr("must be an array of strings"));
}

TEST(CompileErrors, DialectSpecificShapes) {
    EXPECT_THAT(compile_error(R"({"items": [{"type": "string"}]})"),
                HasSubstr("use \"prefixItems\""));
    EXPECT_THAT(compile_error(R"({"$id": "https://example.com/a#frag"})"),
                HasSubstr("must not contain a fragment"));
    EXPECT_THAT(compile_error(R"({"$anchor": "1bad"})"),
                HasSubstr("at #/$anchor: an anchor must be"));
    EXPECT_THAT(compile_error(R"({"$schema": "http://json-schema.org/draft-04/schema#",
                                  "maximum": 5, "exclusiveMaximum": 4})"),
                HasSubstr("must be a boolean in draft-04"));
    EXPECT_THAT(compile_error(R"({"$schema": "http://json-schema.org/draft-07/schema#",
                                  "dependencies": {"a": 1}})"),
                HasSubstr("values must be arrays of strings or schemas"));
}

TEST(CompileErrors, ReferenceLoopsThatNeverConsumeInput) {
    EXPECT_THAT(compile_error(R"({"$ref": "#"})"), HasSubstr("evaluation would never end"));
    EXPECT_THAT(compile_error(R"({
        "$defs": {"a": {"allOf": [{"$ref": "#/$defs/b"}]}, "b": {"anyOf": [{"$ref": "#/$defs/a"}]}},
        "$ref": "#/$defs/a"
    })"),
                HasSubstr("evaluation would never end"));
    // Recursion through a property descends into the instance, so it terminates.
    EXPECT_NE(compile_json(R"({"properties": {"next": {"$ref": "#"}}})"), nullptr);
}

TEST(CompileErrors, SubschemaBudget) {
    CompileOptions options;
    options.max_subschemas = 3;
    std::string error;
    const auto validator = Validator::compile(
        boost::json::parse(R"({"properties": {"a": {}, "b": {}, "c": {}}})"), error, options);
    EXPECT_EQ(validator, nullptr);
    EXPECT_THAT(error, HasSubstr("more than 3 subschemas"));
}

}  // namespace
}  // namespace plugboard::schema
