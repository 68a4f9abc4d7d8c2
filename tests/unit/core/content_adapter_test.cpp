#include "protocol/content_adapter.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace plugboard::protocol {
namespace {

namespace bj = boost::json;

constexpr std::string_view kAudioResult =
    R"({"content":[{"type":"text","text":"hi"},{"type":"audio","data":"AAAA","mimeType":"audio/wav"}]})";
constexpr std::string_view kAudioAsText =
    R"({"content":[{"type":"text","text":"hi"},{"type":"text","text":"[audio content (audio/wav) omitted: protocol 2024-11-05 cannot carry audio]"}]})";
constexpr std::string_view kLinkResult =
    R"({"content":[{"type":"resource_link","uri":"file:///x.txt","name":"x"}],"isError":false})";
constexpr std::string_view kLinkAsText =
    R"j({"content":[{"type":"text","text":"Resource: file:///x.txt (x)"}],"isError":false})j";
constexpr std::string_view kPromptWithLink =
    R"({"messages":[{"role":"user","content":{"type":"resource_link","uri":"a://b","name":"b"}}]})";
constexpr std::string_view kPromptWithText =
    R"j({"messages":[{"role":"user","content":{"type":"text","text":"Resource: a://b (b)"}}]})j";

std::string adapt(Revision revision, std::string_view result) {
    return adapt_content(revision, std::string(result));
}

TEST(ContentAdapter, LeavesResultsTheRevisionKnowsUntouched) {
    EXPECT_EQ(adapt(Revision::V2025_11_25, kAudioResult), kAudioResult);
    EXPECT_EQ(adapt(Revision::V2025_03_26, kAudioResult), kAudioResult);
    EXPECT_EQ(adapt(Revision::V2025_06_18, kLinkResult), kLinkResult);
    EXPECT_EQ(adapt(Revision::V2025_11_25, kPromptWithLink), kPromptWithLink);
}

TEST(ContentAdapter, TurnsAudioIntoTextBefore20250326) {
    EXPECT_EQ(bj::parse(adapt(Revision::V2024_11_05, kAudioResult)), bj::parse(kAudioAsText));
}

TEST(ContentAdapter, TurnsResourceLinksIntoTextBefore20250618) {
    EXPECT_EQ(bj::parse(adapt(Revision::V2025_03_26, kLinkResult)), bj::parse(kLinkAsText));
    EXPECT_EQ(bj::parse(adapt(Revision::V2024_11_05, kLinkResult)), bj::parse(kLinkAsText));
}

TEST(ContentAdapter, AdaptsPromptMessages) {
    EXPECT_EQ(bj::parse(adapt(Revision::V2024_11_05, kPromptWithLink)), bj::parse(kPromptWithText));
}

TEST(ContentAdapter, LeavesTextThatOnlyMentionsTheTypes) {
    const std::string result =
        R"({"content":[{"type":"text","text":"\"audio\" and \"resource_link\""}]})";
    EXPECT_EQ(bj::parse(adapt(Revision::V2024_11_05, result)), bj::parse(result));
}

}  // namespace
}  // namespace plugboard::protocol
