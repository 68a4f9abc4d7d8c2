#include <gtest/gtest.h>

#include "config/utf8.hpp"

namespace plugboard::config::detail {
namespace {

void expect_invalid_at(std::string_view text, int line, int column) {
    const auto position = find_invalid_utf8(text);
    ASSERT_TRUE(position) << text;
    EXPECT_EQ(position->line, line);
    EXPECT_EQ(position->column, column);
}

TEST(FindInvalidUtf8, AcceptsWellFormedText) {
    EXPECT_FALSE(find_invalid_utf8(""));
    EXPECT_FALSE(find_invalid_utf8("plain ascii\n"));
    EXPECT_FALSE(
        find_invalid_utf8("\xEF\xBB\xBFname: caf\xC3\xA9 \xE2\x98\xBA \xF0\x9F\x98\x80\n"));
    EXPECT_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(FindInvalidUtf8, ReportsLineAndByteColumn) {
    expect_invalid_at("a: 1\nb: \xC3\xA9\xFF\n", 2, 6);
    expect_invalid_at("\xEF\xBB\xBF\x80", 1, 1);
}

TEST(FindInvalidUtf8, RejectsMalformedSequences) {
    expect_invalid_at("\xC0\x80", 1, 1);          // overlong NUL
    expect_invalid_at("\xE0\x80\xAF", 1, 1);      // overlong '/'
    expect_invalid_at("\xED\xA0\x80", 1, 1);      // surrogate
    expect_invalid_at("\xF4\x90\x80\x80", 1, 1);  // beyond U+10FFFF
    expect_invalid_at("ab\xE2\x98", 1, 3);        // cut short
    expect_invalid_at("\xE2(\xA1", 1, 1);         // bad continuation
}

}  // namespace
}  // namespace plugboard::config::detail
