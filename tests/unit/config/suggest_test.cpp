#include <string_view>

#include <gtest/gtest.h>

#include "config/suggest.hpp"

namespace plugboard::config::detail {
namespace {

constexpr std::string_view kKeys[] = {"path",       "enabled",         "namespace",
                                      "serialized", "call_timeout_ms", "config"};

TEST(ClosestMatch, Typos) {
    EXPECT_EQ(closest_match("enabeld", kKeys), "enabled");     // swapped neighbours
    EXPECT_EQ(closest_match("namspace", kKeys), "namespace");  // missing letter
    EXPECT_EQ(closest_match("confg", kKeys), "config");
    EXPECT_EQ(closest_match("pth", kKeys), "path");
}

TEST(ClosestMatch, IgnoresCase) {
    EXPECT_EQ(closest_match("Serialized", kKeys), "serialized");
}

TEST(ClosestMatch, AbbreviationsAndLongForms) {
    EXPECT_EQ(closest_match("call_timeout", kKeys), "call_timeout_ms");
    constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "error"};
    EXPECT_EQ(closest_match("warning", kLevels), "warn");
    EXPECT_EQ(closest_match("information", kLevels), "info");
    EXPECT_EQ(closest_match("err", kLevels), "error");
}

TEST(ClosestMatch, PrefersTheClosest) {
    constexpr std::string_view kCandidates[] = {"page", "page_size"};
    EXPECT_EQ(closest_match("page_siz", kCandidates), "page_size");
    EXPECT_EQ(closest_match("pag", kCandidates), "page");
}

TEST(ClosestMatch, NothingForUnrelatedWords) {
    EXPECT_EQ(closest_match("greeting", kKeys), std::nullopt);
    EXPECT_EQ(closest_match("x", kKeys), std::nullopt);
    EXPECT_EQ(closest_match("anything", {}), std::nullopt);
    constexpr std::string_view kSeparators[] = {"_", "-", "."};
    EXPECT_EQ(closest_match("/", kSeparators), std::nullopt);
}

}  // namespace
}  // namespace plugboard::config::detail
