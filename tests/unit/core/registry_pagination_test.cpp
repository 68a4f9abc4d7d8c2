#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/cursor.hpp"
#include "registry/registry.hpp"
#include "test_items.hpp"

namespace plugboard::registry {
namespace {

using ::testing::ElementsAre;

class PaginationTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // Inserted out of order on purpose.
        for (const char* name : {"delta", "alpha", "echo", "charlie", "bravo"}) {
            definitions_.push_back(std::string(R"({"name":")") + name + "\"}");
        }
        for (const auto& definition : definitions_) {
            const auto result = registry_.add(plugins_.owner(plugins_.alpha),
                                              core_test::make_item(ItemKind::Prompt, definition));
            ASSERT_NE(result.item, nullptr) << result.error;
        }
    }

    // Every key, page by page, checking that only the last page lacks a cursor.
    std::vector<std::string> walk(std::size_t page_size) const {
        std::vector<std::string> seen;
        std::optional<std::string> cursor;
        for (int pages = 0; pages < 100; ++pages) {
            const auto page = registry_.snapshot()->page(ItemKind::Prompt, cursor, page_size);
            EXPECT_TRUE(page.has_value());
            if (!page) break;
            EXPECT_LE(page->items.size(), page_size);
            for (const auto& item : page->items)
                seen.push_back(item->key);
            if (!page->next_cursor) break;
            EXPECT_EQ(page->items.size(), page_size);
            cursor = page->next_cursor;
        }
        return seen;
    }

    std::vector<std::string> definitions_;
    Registry registry_{{}};
    core_test::TwoPlugins plugins_{registry_};
};

TEST_F(PaginationTest, VisitsEveryItemOnceInOrder) {
    for (std::size_t page_size : {1u, 2u, 5u, 100u}) {
        EXPECT_THAT(walk(page_size), ElementsAre("alpha", "bravo", "charlie", "delta", "echo"))
            << "page size " << page_size;
    }
}

TEST_F(PaginationTest, LastPageHasNoCursor) {
    const auto snapshot = registry_.snapshot();
    const auto all = snapshot->page(ItemKind::Prompt, std::nullopt, 100);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->items.size(), 5u);
    EXPECT_FALSE(all->next_cursor);

    const auto exact = snapshot->page(ItemKind::Prompt, std::nullopt, 5);
    ASSERT_TRUE(exact);
    EXPECT_FALSE(exact->next_cursor);

    const auto pair = snapshot->page(ItemKind::Prompt, std::nullopt, 2);
    ASSERT_TRUE(pair && pair->next_cursor);
    EXPECT_EQ(decode_cursor(*pair->next_cursor), "bravo");
}

TEST_F(PaginationTest, EmptyKindGivesOneEmptyPage) {
    const auto page = registry_.snapshot()->page(ItemKind::Tool, std::nullopt, 2);
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->items.empty());
    EXPECT_FALSE(page->next_cursor);
}

TEST_F(PaginationTest, CursorSurvivesRemovalOfTheItemItNames) {
    const auto first = registry_.snapshot()->page(ItemKind::Prompt, std::nullopt, 2);
    ASSERT_TRUE(first && first->next_cursor);
    ASSERT_TRUE(registry_.remove(&plugins_.alpha, ItemKind::Prompt, "bravo"));
    ASSERT_TRUE(registry_.remove(&plugins_.alpha, ItemKind::Prompt, "charlie"));

    const auto second = registry_.snapshot()->page(ItemKind::Prompt, *first->next_cursor, 2);
    ASSERT_TRUE(second);
    ASSERT_EQ(second->items.size(), 2u);
    EXPECT_EQ(second->items[0]->key, "delta");
    EXPECT_EQ(second->items[1]->key, "echo");
    EXPECT_FALSE(second->next_cursor);
}

TEST_F(PaginationTest, CursorPastTheEndGivesAnEmptyPage) {
    const auto page = registry_.snapshot()->page(ItemKind::Prompt, encode_cursor("zzz"), 2);
    ASSERT_TRUE(page);
    EXPECT_TRUE(page->items.empty());
    EXPECT_FALSE(page->next_cursor);
}

TEST_F(PaginationTest, ForeignCursorIsRefused) {
    EXPECT_FALSE(registry_.snapshot()->page(ItemKind::Prompt, std::string_view("aGVsbG8"), 2));
    EXPECT_FALSE(registry_.snapshot()->page(ItemKind::Prompt, std::string_view("not a cursor"), 2));
}

}  // namespace
}  // namespace plugboard::registry
