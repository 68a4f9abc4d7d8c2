// SessionTable: ids, the max_sessions cap, lookup, closing and the reaping
// of abandoned sessions.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "http_test_support.hpp"
#include "transport/http/session_table.hpp"

namespace plugboard::http_test {
namespace {

using namespace transport::http;
using namespace std::chrono_literals;

class SessionTableTest : public ::testing::Test {
  protected:
    explicit SessionTableTest(SessionLimits limits = {3, 30min, 16})
        : table(harness.io, limits, protocol_factory(harness)) {}
    ~SessionTableTest() override {
        table.stop();
        table.close_all("test over");
        harness.run_ready();
    }

    core_test::SessionHarness harness;
    SessionTable table;
};

bool is_session_id(const std::string& id) {
    static const std::regex kLowercaseHex("[0-9a-f]{32}");
    return std::regex_match(id, kLowercaseHex);
}

TEST(RandomSessionId, Is32LowercaseHexDigitsAndNeverRepeats) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string id = random_session_id();
        EXPECT_TRUE(is_session_id(id)) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST_F(SessionTableTest, CreatesUpToMaxSessions) {
    std::set<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        const auto session = table.create(SessionStyle::Streamable);
        ASSERT_NE(session, nullptr);
        EXPECT_TRUE(is_session_id(session->id())) << session->id();
        EXPECT_EQ(session->style(), SessionStyle::Streamable);
        ids.insert(session->id());
    }
    EXPECT_EQ(ids.size(), 3u);
    EXPECT_EQ(table.size(), 3u);
    EXPECT_EQ(table.create(SessionStyle::Streamable), nullptr);
    EXPECT_EQ(table.create(SessionStyle::LegacySse), nullptr);
    EXPECT_EQ(table.size(), 3u);
    EXPECT_EQ(table.all().size(), 3u);
}

TEST_F(SessionTableTest, ClosingFreesASlot) {
    const auto first = table.create(SessionStyle::LegacySse);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->style(), SessionStyle::LegacySse);
    table.create(SessionStyle::Streamable);
    table.create(SessionStyle::Streamable);
    ASSERT_EQ(table.create(SessionStyle::Streamable), nullptr);

    table.close(first->id(), "done");
    EXPECT_TRUE(first->closed());
    EXPECT_EQ(table.find(first->id()), nullptr);
    EXPECT_EQ(table.size(), 2u);
    EXPECT_NE(table.create(SessionStyle::Streamable), nullptr);
}

TEST_F(SessionTableTest, FindsSessionsById) {
    const auto session = table.create(SessionStyle::Streamable);
    ASSERT_NE(session, nullptr);
    EXPECT_EQ(table.find(session->id()), session);
    EXPECT_EQ(table.find("0123456789abcdef0123456789abcdef"), nullptr);
    EXPECT_EQ(table.find(""), nullptr);
    // Closing an unknown id changes nothing.
    table.close("0123456789abcdef0123456789abcdef", "nobody");
    EXPECT_EQ(table.size(), 1u);
    EXPECT_FALSE(session->closed());
}

TEST_F(SessionTableTest, CloseAllClosesEverySession) {
    const auto first = table.create(SessionStyle::Streamable);
    const auto second = table.create(SessionStyle::LegacySse);
    table.close_all("shutdown");
    EXPECT_EQ(table.size(), 0u);
    EXPECT_TRUE(first->closed());
    EXPECT_TRUE(second->closed());
    EXPECT_EQ(table.find(first->id()), nullptr);
}

TEST_F(SessionTableTest, SessionsServeTheProtocol) {
    const auto session = table.create(SessionStyle::Streamable);
    ASSERT_NE(session, nullptr);
    const auto stream = session->open_exchange();
    std::optional<HttpSession::Delivery> delivery;
    boost::asio::post(session->strand(),
                      [&] { delivery = session->deliver(initialize_body(), stream->number()); });
    ASSERT_TRUE(harness.run_until([&] { return delivery.has_value(); }));
    EXPECT_EQ(delivery->answers, 1u);
    EXPECT_TRUE(stream->finished());
    EXPECT_TRUE(session->protocol().initialized());
}

class SessionReapingTest : public SessionTableTest {
  protected:
    SessionReapingTest() : SessionTableTest({10, 50ms, 16}) {}
};

TEST_F(SessionReapingTest, ReapsSessionsIdlePastTheTimeout) {
    const auto idle = table.create(SessionStyle::Streamable);
    const auto watched = table.create(SessionStyle::Streamable);
    ASSERT_TRUE(idle && watched);
    // An attached stream keeps a session alive however long it is quiet.
    const auto wakeup = watched->standalone()->attach(harness.io.get_executor());
    table.start();
    ASSERT_TRUE(harness.run_until([&] { return table.find(idle->id()) == nullptr; }));
    EXPECT_TRUE(idle->closed());
    EXPECT_EQ(table.find(watched->id()), watched);
    EXPECT_FALSE(watched->closed());

    watched->standalone()->detach(wakeup, 0);
    ASSERT_TRUE(harness.run_until([&] { return table.size() == 0; }));
    EXPECT_TRUE(watched->closed());
}

TEST_F(SessionReapingTest, RequestInFlightKeepsASessionAlive) {
    const auto busy = table.create(SessionStyle::Streamable);
    ASSERT_NE(busy, nullptr);
    const auto exchange = busy->open_exchange();
    table.start();
    const auto until = std::chrono::steady_clock::now() + 300ms;
    harness.run_until([&] { return std::chrono::steady_clock::now() >= until; });
    EXPECT_EQ(table.find(busy->id()), busy);
    EXPECT_FALSE(busy->closed());
    EXPECT_FALSE(exchange->finished());
}

TEST_F(SessionReapingTest, NothingIsReapedAfterStop) {
    const auto session = table.create(SessionStyle::Streamable);
    table.start();
    table.stop();
    const auto until = std::chrono::steady_clock::now() + 300ms;
    harness.run_until([&] { return std::chrono::steady_clock::now() >= until; });
    EXPECT_EQ(table.find(session->id()), session);
}

}  // namespace
}  // namespace plugboard::http_test
