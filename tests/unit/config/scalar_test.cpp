#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "config/scalar.hpp"

namespace plugboard::config::detail {
namespace {

template <class T>
T as(const Scalar& scalar) {
    EXPECT_TRUE(std::holds_alternative<T>(scalar)) << "variant index " << scalar.index();
    return std::holds_alternative<T>(scalar) ? std::get<T>(scalar) : T{};
}

std::string error_of(const Scalar& scalar) {
    return as<ScalarError>(scalar).message;
}

TEST(ResolvePlain, NullForms) {
    for (const char* text : {"", "~", "null", "Null", "NULL"}) {
        EXPECT_TRUE(std::holds_alternative<Null>(resolve_plain(text))) << text;
    }
    EXPECT_EQ(as<std::string>(resolve_plain("nULL")), "nULL");
}

TEST(ResolvePlain, BooleanFormsOfTheCoreSchemaOnly) {
    EXPECT_TRUE(as<bool>(resolve_plain("TRUE")));
    EXPECT_FALSE(as<bool>(resolve_plain("False")));
    EXPECT_EQ(as<std::string>(resolve_plain("yes")), "yes");
    EXPECT_EQ(as<std::string>(resolve_plain("tRUE")), "tRUE");
}

TEST(ResolvePlain, IntegerLimits) {
    EXPECT_EQ(as<std::int64_t>(resolve_plain("9223372036854775807")), INT64_MAX);
    EXPECT_EQ(as<std::uint64_t>(resolve_plain("9223372036854775808")), 9223372036854775808u);
    EXPECT_EQ(as<std::int64_t>(resolve_plain("-9223372036854775808")), INT64_MIN);
    EXPECT_EQ(as<std::int64_t>(resolve_plain("-0")), 0);
    EXPECT_EQ(as<std::uint64_t>(resolve_plain("0xFFFFFFFFFFFFFFFF")), UINT64_MAX);
    EXPECT_EQ(error_of(resolve_plain("18446744073709551616")),
              "'18446744073709551616' is out of the range of a 64-bit integer");
    EXPECT_EQ(error_of(resolve_plain("-9223372036854775809")),
              "'-9223372036854775809' is out of the range of a 64-bit integer");
}

TEST(ResolvePlain, HexAndOctalTakeNoSign) {
    EXPECT_EQ(as<std::string>(resolve_plain("-0x10")), "-0x10");
    EXPECT_EQ(as<std::string>(resolve_plain("0o8")), "0o8");
    EXPECT_EQ(as<std::string>(resolve_plain("0x")), "0x");
}

TEST(ResolvePlain, FloatForms) {
    EXPECT_DOUBLE_EQ(as<double>(resolve_plain("+1.5e+2")), 150.0);
    EXPECT_DOUBLE_EQ(as<double>(resolve_plain("-.25")), -0.25);
    EXPECT_DOUBLE_EQ(as<double>(resolve_plain("2E2")), 200.0);
    EXPECT_EQ(as<double>(resolve_plain(".inf")), std::numeric_limits<double>::infinity());
    EXPECT_EQ(as<double>(resolve_plain("-.Inf")), -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(as<double>(resolve_plain(".NaN"))));
    EXPECT_EQ(error_of(resolve_plain("1e999")), "'1e999' is out of the range of a double");
    for (const char* text : {".", "+", "-", "1e", "e5", "1.2.3", "..5", ".nan1", "-.nan"}) {
        EXPECT_EQ(as<std::string>(resolve_plain(text)), text);
    }
}

TEST(TypedScalar, QuotesAndTags) {
    EXPECT_EQ(as<std::string>(typed_scalar(YAML::Load("'12'"))), "12");
    EXPECT_EQ(as<std::int64_t>(typed_scalar(YAML::Load("12"))), 12);
    EXPECT_TRUE(std::holds_alternative<Null>(typed_scalar(YAML::Load("~"))));
    EXPECT_EQ(as<std::string>(typed_scalar(YAML::Load("!!str ~"))), "~");
    EXPECT_DOUBLE_EQ(as<double>(typed_scalar(YAML::Load("!!float '2'"))), 2.0);
    EXPECT_EQ(error_of(typed_scalar(YAML::Load("!!bool 1"))), "'1' is not a valid !!bool");
    EXPECT_EQ(error_of(typed_scalar(YAML::Load("!!binary aGk="))),
              "unsupported tag 'tag:yaml.org,2002:binary'; quote the value to make it a string");
}

}  // namespace
}  // namespace plugboard::config::detail
