#include "protocol/revision.hpp"

#include <gtest/gtest.h>

namespace plugboard::protocol {
namespace {

TEST(Revision, ParsesAndPrintsEveryRevision) {
    const std::pair<Revision, std::string_view> revisions[] = {
        {Revision::V2024_11_05, "2024-11-05"},
        {Revision::V2025_03_26, "2025-03-26"},
        {Revision::V2025_06_18, "2025-06-18"},
        {Revision::V2025_11_25, "2025-11-25"},
    };
    for (const auto& [revision, text] : revisions) {
        EXPECT_EQ(to_string(revision), text);
        EXPECT_EQ(parse_revision(text), revision) << text;
    }
    ASSERT_EQ(supported_revisions().size(), 4u);
    for (const Revision revision : supported_revisions()) {
        EXPECT_EQ(parse_revision(to_string(revision)), revision);
    }
}

TEST(Revision, RefusesUnknownText) {
    for (std::string_view text : {"", "2025-11-26", "2026-07-28", "2025-11-25 ", "latest"}) {
        EXPECT_EQ(parse_revision(text), std::nullopt) << text;
    }
}

TEST(Revision, NegotiatesTheClientsRevisionOrTheLatest) {
    EXPECT_EQ(negotiate("2024-11-05"), Revision::V2024_11_05);
    EXPECT_EQ(negotiate("2025-06-18"), Revision::V2025_06_18);
    EXPECT_EQ(negotiate("1999-01-01"), Revision::V2025_11_25);
    EXPECT_EQ(negotiate(""), Revision::V2025_11_25);
    EXPECT_EQ(kLatestRevision, Revision::V2025_11_25);
}

TEST(Revision, BatchesOnlyBefore20250618) {
    EXPECT_TRUE(allows_batches(Revision::V2024_11_05));
    EXPECT_TRUE(allows_batches(Revision::V2025_03_26));
    EXPECT_FALSE(allows_batches(Revision::V2025_06_18));
    EXPECT_FALSE(allows_batches(Revision::V2025_11_25));
}

TEST(Revision, FeaturesArriveWithTheirRevision) {
    EXPECT_FALSE(has_structured_tool_output(Revision::V2025_03_26));
    EXPECT_TRUE(has_structured_tool_output(Revision::V2025_06_18));
    EXPECT_FALSE(has_audio_content(Revision::V2024_11_05));
    EXPECT_TRUE(has_audio_content(Revision::V2025_03_26));
}

}  // namespace
}  // namespace plugboard::protocol
