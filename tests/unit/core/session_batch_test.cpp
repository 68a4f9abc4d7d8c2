// JSON-RPC batches: allowed by 2024-11-05 and 2025-03-26, refused after.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "protocol/errors.hpp"
#include "session_harness.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;
using ::testing::UnorderedElementsAre;

std::vector<bj::value> ids_of(const bj::array& responses) {
    std::vector<bj::value> ids;
    for (const auto& response : responses)
        ids.push_back(response.at("id"));
    return ids;
}

const bj::value* response_with_id(const bj::array& responses, const bj::value& id) {
    for (const auto& response : responses) {
        if (response.at("id") == id) return &response;
    }
    return nullptr;
}

TEST(SessionBatch, AnswersABatchWithOneArrayWhateverTheCompletionOrder) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake("2025-03-26");
    harness.feed(R"([
        {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"n":1}}},
        {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"x","progress":1}},
        {"jsonrpc":"2.0","id":"two","method":"tools/call","params":{"name":"slow","arguments":{"n":2}}},
        {"jsonrpc":"2.0","id":3,"method":"ping"},
        {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"missing"}},
        {"jsonrpc":"2.0","id":5}
    ])");
    auto first = harness.probe.next_deferred();
    auto second = harness.probe.next_deferred();
    ASSERT_TRUE(first && second);
    if (first->arguments != R"({"n":1})") std::swap(first, second);
    EXPECT_TRUE(harness.sent.empty());

    const std::string text = R"({"content":[{"type":"text","text":"second"}]})";
    host_api().complete(second->call, PB_OK, text.data(), text.size());
    harness.run_until([&] { return harness.session->in_flight() == 1; });
    harness.run_ready();
    EXPECT_TRUE(harness.sent.empty()) << harness.sent.front();

    host_api().complete(first->call, PB_ERR_INTERNAL, "boom", 4);
    ASSERT_TRUE(harness.run_until([&] { return !harness.sent.empty(); }));
    harness.run_ready();
    ASSERT_EQ(harness.sent.size(), 1u);
    const bj::value batch = bj::parse(harness.sent.front());
    ASSERT_TRUE(batch.is_array()) << harness.sent.front();
    const bj::array& responses = batch.as_array();
    EXPECT_THAT(ids_of(responses), UnorderedElementsAre(bj::value(1), bj::value("two"),
                                                        bj::value(3), bj::value(4), bj::value(5)));
    EXPECT_EQ(response_with_id(responses, 3)->at("result"), bj::object{});
    EXPECT_EQ(response_with_id(responses, "two")->at("result"), bj::parse(text));
    EXPECT_EQ(response_with_id(responses, 1)->at("error").at("message"), "boom");
    EXPECT_EQ(response_with_id(responses, 4)->at("error").at("code"), protocol::kInvalidParams);
    EXPECT_EQ(response_with_id(responses, 5)->at("error").at("code"), protocol::kInvalidRequest);
}

TEST(SessionBatch, CancelledMembersAreLeftOut) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake("2024-11-05");
    harness.feed(R"([{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow"}},
                     {"jsonrpc":"2.0","id":2,"method":"ping"}])");
    ASSERT_TRUE(harness.run_until([&] { return harness.probe.handler_runs.load() == 1; }));
    harness.feed_notification("notifications/cancelled", R"({"requestId":1})");
    ASSERT_TRUE(harness.run_until([&] { return !harness.sent.empty(); }));
    EXPECT_EQ(bj::parse(harness.sent.front()),
              bj::parse(R"([{"jsonrpc":"2.0","id":2,"result":{}}])"));
    // The plugin's late completion adds nothing.
    EXPECT_EQ(harness.probe.complete_deferred(PB_OK), 1u);
    harness.run_ready();
    EXPECT_EQ(harness.sent.size(), 1u);
}

TEST(SessionBatch, OnlyNotificationsGetNoAnswer) {
    SessionHarness harness;
    harness.handshake("2025-03-26");
    harness.feed(
        R"([{"jsonrpc":"2.0","method":"notifications/a"},{"jsonrpc":"2.0","method":"notifications/b"}])");
    EXPECT_TRUE(harness.sent.empty());
}

// JSON-RPC 2.0 section 6: an empty array is answered with a single Invalid
// Request response object, not with an array.
TEST(SessionBatch, EmptyBatchIsAnsweredWithOneObject) {
    SessionHarness harness;
    harness.handshake("2025-03-26");
    harness.feed("[]");
    ASSERT_EQ(harness.sent.size(), 1u);
    const bj::value answer = bj::parse(harness.sent.front());
    ASSERT_TRUE(answer.is_object()) << harness.sent.front();
    EXPECT_EQ(answer.at("error").at("code"), protocol::kInvalidRequest);
    EXPECT_TRUE(answer.at("id").is_null());
}

TEST(SessionBatch, RefusedFrom20250618On) {
    SessionHarness harness;
    harness.handshake("2025-06-18");
    harness.feed(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
    const auto responses = harness.responses("null");
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].at("error").at("code"), protocol::kInvalidRequest);
    EXPECT_EQ(responses[0].at("error").at("message"),
              "Protocol revision 2025-06-18 does not allow JSON-RPC batches");
}

TEST(SessionBatch, RefusedBeforeInitialize) {
    SessionHarness harness;
    harness.feed(
        R"([{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}])");
    const auto responses = harness.responses("null");
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].at("error").at("message"),
              "Batches are not accepted before initialization");
}

}  // namespace
}  // namespace plugboard::core_test
