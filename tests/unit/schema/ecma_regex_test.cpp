// ECMA-262 patterns on Boost.Regex: the syntax that differs, and matching by code point.
#include "schema/ecma_regex.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace plugboard::schema::detail {
namespace {

std::optional<bool> search(std::string_view pattern, std::string_view text) {
    std::string error;
    const auto regex = EcmaRegex::compile(pattern, error);
    EXPECT_TRUE(regex.has_value()) << pattern << ": " << error;
    if (!regex) return std::nullopt;
    return regex->search(text);
}

TEST(EcmaRegex, UnanchoredUnlessAnchored) {
    EXPECT_EQ(search("b", "abc"), true);
    EXPECT_EQ(search("^b", "abc"), false);
    EXPECT_EQ(search("^abc$", "abc"), true);
}

TEST(EcmaRegex, DollarDoesNotMatchBeforeTrailingNewline) {
    EXPECT_EQ(search("^abc$", "abc\n"), false);
    EXPECT_EQ(search("^b", "a\nb"), false);
}

TEST(EcmaRegex, DotExcludesOnlyLineTerminators) {
    EXPECT_EQ(search("^.$", "\n"), false);
    EXPECT_EQ(search("^.$", "\r"), false);
    EXPECT_EQ(search("^.$", "\xe2\x80\xa8"), false);  // U+2028
    EXPECT_EQ(search("^.$", "\f"), true);
    EXPECT_EQ(search("^.$", "\xf0\x9f\x98\x80"), true);  // one astral code point
}

TEST(EcmaRegex, ShorthandClassesAreAscii) {
    EXPECT_EQ(search("^\\d$", "7"), true);
    EXPECT_EQ(search("^\\d$", "\xdf\x80"), false);  // NKO DIGIT ZERO
    EXPECT_EQ(search("^\\D$", "\xdf\x80"), true);
    EXPECT_EQ(search("^\\w$", "_"), true);
    EXPECT_EQ(search("^\\w$", "\xc3\xa9"), false);  // é
    EXPECT_EQ(search("^\\W$", "\xc3\xa9"), true);
    EXPECT_EQ(search("^[\\w-]+$", "a-b_c"), true);
    EXPECT_EQ(search("^[^\\d]$", "5"), false);
}

TEST(EcmaRegex, WhitespaceFollowsEcma262) {
    EXPECT_EQ(search("^\\s$", "\xc2\xa0"), true);      // NBSP
    EXPECT_EQ(search("^\\s$", "\xef\xbb\xbf"), true);  // BOM
    EXPECT_EQ(search("^\\s$", "\xe2\x80\x83"), true);  // EM SPACE
    EXPECT_EQ(search("^\\s$", "\x01"), false);
    EXPECT_EQ(search("^\\S$", "\xe2\x80\x93"), true);  // EN DASH
    EXPECT_EQ(search("^[\\s]$", "\v"), true);
}

TEST(EcmaRegex, UnicodeEscapesAndProperties) {
    EXPECT_EQ(search("^\\u00e9$", "\xc3\xa9"), true);
    EXPECT_EQ(search("^\\ud83d\\ude00$", "\xf0\x9f\x98\x80"), true);
    EXPECT_EQ(search("^\\u{1F600}$", "\xf0\x9f\x98\x80"), true);
    EXPECT_EQ(search("^\\p{L}+$", "\xc3\xa9t\xc3\xa9"), true);
    EXPECT_EQ(search("^\\p{Letter}$", "1"), false);
    EXPECT_EQ(search("^\\P{L}$", "1"), true);
    EXPECT_EQ(search("^\\p{L}+$", "J\xc3\xa9"), true);  // upper and lower case letters
    EXPECT_EQ(search("^\\p{Lu}$", "J"), true);
    EXPECT_EQ(search("^\\p{gc=N}$", "\xd9\xa3"), true);  // ARABIC-INDIC DIGIT THREE
    EXPECT_EQ(search("^\\p{S}$", "$"), true);
    EXPECT_EQ(search("^\\p{S}$", " "), false);
    EXPECT_EQ(search("^\\p{Z}$", " "), true);
    EXPECT_EQ(search("^[\\p{L} ]+$", "Jos\xc3\xa9 N"), true);
    EXPECT_EQ(search("^[\\P{L}]+$", "1 !"), true);
    EXPECT_EQ(search("^[\\P{L}]+$", "a"), false);
}

TEST(EcmaRegex, ControlAndIdentityEscapes) {
    EXPECT_EQ(search("^\\cC$", "\x03"), true);
    EXPECT_EQ(search("^\\t$", "\t"), true);
    EXPECT_EQ(search("^\\v$", "\v"), true);
    EXPECT_EQ(search("^\\v$", "\n"), false);
    EXPECT_EQ(search("^\\0$", std::string_view("\0", 1)), true);
    EXPECT_EQ(search("^\\/$", "/"), true);
    EXPECT_EQ(search("^a\\Z$", "aZ"), true);  // \Z is no anchor in ECMA-262
}

TEST(EcmaRegex, BracesAndEmptyClasses) {
    EXPECT_EQ(search("^a{2}$", "aa"), true);
    EXPECT_EQ(search("^a{2,}$", "aaa"), true);
    EXPECT_EQ(search("^{x}$", "{x}"), true);  // not a quantifier, so literal
    EXPECT_EQ(search("[]", "anything"), false);
    EXPECT_EQ(search("^[^]$", "\n"), true);
    EXPECT_EQ(search("^[[]$", "["), true);
}

TEST(EcmaRegex, GroupsLookaroundAndBackreferences) {
    EXPECT_EQ(search("^(?<word>ab)\\k<word>$", "abab"), true);
    EXPECT_EQ(search("^(a)\\1$", "aa"), true);
    EXPECT_EQ(search("^(?=.*\\d)(?!.*x).+$", "a1"), true);
    EXPECT_EQ(search("(?<=\\$)\\d+", "$42"), true);
}

TEST(EcmaRegex, CompileErrorsAreReported) {
    std::string error;
    EXPECT_FALSE(EcmaRegex::compile("(", error).has_value());
    EXPECT_FALSE(error.empty());
    error.clear();
    EXPECT_FALSE(EcmaRegex::compile("[a", error).has_value());
    EXPECT_EQ(error, "unterminated character class");
    EXPECT_FALSE(EcmaRegex::compile("a\\", error).has_value());
    EXPECT_EQ(error, "pattern ends with a lone backslash");
}

TEST(EcmaRegex, CatastrophicBacktrackingIsReportedNotHung) {
    std::string error;
    const auto regex = EcmaRegex::compile("^(a+)+$", error);
    ASSERT_TRUE(regex.has_value()) << error;
    const std::string text = std::string(40, 'a') + "!";
    const auto result = regex->search(text);
    EXPECT_NE(result, std::optional<bool>(true));
}

TEST(EcmaRegex, TranslationOfEcmaOnlySyntax) {
    std::string error;
    EXPECT_EQ(translate_ecma_pattern("\\d.", error),
              std::wstring(L"[0-9][^\\n\\r\\x{2028}\\x{2029}]"));
    EXPECT_EQ(translate_ecma_pattern("\\u0041", error), std::wstring(L"\\x{41}"));
    EXPECT_EQ(translate_ecma_pattern("a{,2}", error), std::wstring(L"a\\{,2\\}"));
}

// Whether this process has a file whose name starts with `name` mapped.
bool process_maps(std::string_view name) {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        const auto slash = line.rfind('/');
        if (slash != std::string::npos && line.compare(slash + 1, name.size(), name) == 0)
            return true;
    }
    return false;
}

// Boost.Regex and ICU come from plugboard-regex.so, loaded with the first pattern.
TEST(EcmaRegex, ACompiledPatternHasTheRegexModuleAndIcuLoaded) {
    EXPECT_EQ(search("^\\p{Lu}$", "\xc3\x89"), true);  // É
    EXPECT_TRUE(process_maps("plugboard-regex.so"));
    EXPECT_TRUE(process_maps("libicuuc.so"));
}

}  // namespace
}  // namespace plugboard::schema::detail
