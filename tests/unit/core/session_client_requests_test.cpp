// Server-to-client requests a plugin makes through ask_client.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>

#include "session_harness.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(SessionClientRequests, UnsupportedWithoutTheClientsCapability) {
    SessionHarness harness;
    harness.add_tool("ask", sampling_handler);
    harness.handshake("2025-11-25", R"({"roots":{}})");
    const bj::value response = harness.request("1", "tools/call", R"({"name":"ask"})");
    EXPECT_THAT(first_text(response.at("result")),
                StartsWith(std::to_string(PB_ERR_UNSUPPORTED) + " the client did not declare"));
    EXPECT_TRUE(harness.client_requests().empty());
    const auto answers = harness.probe.answers();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].status, PB_ERR_UNSUPPORTED);
    EXPECT_THAT(answers[0].json, HasSubstr("sampling/createMessage"));
}

TEST(SessionClientRequests, SendsTheRequestAndRoutesTheAnswerOnce) {
    SessionHarness harness;
    harness.add_tool("ask", sampling_handler);
    harness.handshake("2025-11-25", R"({"sampling":{}})");
    harness.feed_request("1", "tools/call", R"({"name":"ask"})");
    ASSERT_TRUE(harness.run_until([&] { return !harness.client_requests().empty(); }));

    const bj::value ask = harness.client_requests().front();
    EXPECT_EQ(ask.at("jsonrpc"), "2.0");
    EXPECT_EQ(ask.at("method"), "sampling/createMessage");
    EXPECT_EQ(ask.at("params"), bj::parse(R"({"messages":[],"maxTokens":5})"));
    ASSERT_TRUE(ask.at("id").is_string());
    EXPECT_TRUE(harness.responses("1").empty());
    EXPECT_TRUE(harness.probe.answers().empty());

    const std::string id = bj::serialize(ask.at("id"));
    const std::string answer =
        R"({"jsonrpc":"2.0","id":)" + id +
        R"(,"result":{"role":"assistant","content":{"type":"text","text":"hi"},"model":"m"}})";
    harness.feed(answer);
    const bj::value response = harness.wait_response("1");
    EXPECT_EQ(first_text(response.at("result")),
              R"(0 {"role":"assistant","content":{"type":"text","text":"hi"},"model":"m"})");

    // The same answer again matches nothing.
    harness.feed(answer);
    EXPECT_EQ(harness.probe.answers().size(), 1u);
    EXPECT_EQ(harness.responses("1").size(), 1u);
}

TEST(SessionClientRequests, AnswerMaySpellTheIdDifferently) {
    SessionHarness harness;
    harness.add_tool("ask", sampling_handler);
    harness.handshake("2025-11-25", R"({"sampling":{}})");
    harness.feed_request("1", "tools/call", R"({"name":"ask"})");
    ASSERT_TRUE(harness.run_until([&] { return !harness.client_requests().empty(); }));
    const std::string id(harness.client_requests().front().at("id").as_string());
    std::string escaped;  // every character as a \u escape
    for (const char c : id) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(c));
        escaped += buffer;
    }
    harness.feed(R"({"jsonrpc":"2.0","id":")" + escaped + R"(","result":{"roots":[]}})");
    EXPECT_EQ(first_text(harness.wait_response("1").at("result")), R"(0 {"roots":[]})");
}

TEST(SessionClientRequests, ClientErrorReachesThePlugin) {
    SessionHarness harness;
    harness.add_tool("ask", sampling_handler);
    harness.handshake("2025-11-25", R"({"sampling":{}})");
    harness.feed_request("1", "tools/call", R"({"name":"ask"})");
    ASSERT_TRUE(harness.run_until([&] { return !harness.client_requests().empty(); }));
    const std::string id = bj::serialize(harness.client_requests().front().at("id"));
    harness.feed(R"({"jsonrpc":"2.0","id":)" + id +
                 R"(,"error":{"code":-1,"message":"user declined"}})");
    harness.wait_response("1");
    const auto answers = harness.probe.answers();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].status, PB_ERR_INTERNAL);
    EXPECT_THAT(answers[0].json, HasSubstr("user declined"));
}

TEST(SessionClientRequests, EndOfTheCallAnswersThePendingAsk) {
    SessionHarness harness;
    harness.add_tool("ask", sampling_handler);
    harness.handshake("2025-11-25", R"({"sampling":{}})");
    harness.feed_request("1", "tools/call", R"({"name":"ask"})");
    ASSERT_TRUE(harness.run_until([&] { return !harness.client_requests().empty(); }));
    // The client cancels its request instead of answering ours.
    harness.feed_notification("notifications/cancelled", R"({"requestId":1})");
    ASSERT_TRUE(harness.probe.wait_for_answers(1));
    const auto answers = harness.probe.answers();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].status, PB_ERR_CANCELLED);
    EXPECT_TRUE(harness.responses("1").empty());

    // A late answer from the client finds nothing to answer.
    const std::string id = bj::serialize(harness.client_requests().front().at("id"));
    harness.feed(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{}})");
    EXPECT_EQ(harness.probe.answers().size(), 1u);
}

void record_answer(void* probe, std::int32_t status, const char* json, std::size_t size) {
    static_cast<PluginProbe*>(probe)->record_answer(status, std::string(json, size));
}

void ask(SessionHarness& harness, pb_call* call, std::int32_t what, std::string_view params) {
    host_api().ask_client(call, what, params.data(), params.size(), record_answer, &harness.probe);
}

TEST(SessionClientRequests, MapsEachKindToItsMethod) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake("2025-11-25", R"({"elicitation":{},"roots":{"listChanged":true}})");
    harness.feed_request("1", "tools/call", R"({"name":"slow"})");
    const auto deferred = harness.probe.next_deferred();
    ASSERT_TRUE(deferred);
    ask(harness, deferred->call, PB_ASK_ELICITATION, R"({"message":"Name?","requestedSchema":{}})");
    ask(harness, deferred->call, PB_ASK_ROOTS, "{}");
    ASSERT_TRUE(harness.run_until([&] { return harness.client_requests().size() == 2; }));
    const auto requests = harness.client_requests();
    EXPECT_EQ(requests[0].at("method"), "elicitation/create");
    EXPECT_EQ(requests[0].at("params").at("message"), "Name?");
    EXPECT_EQ(requests[1].at("method"), "roots/list");
    EXPECT_NE(requests[0].at("id"), requests[1].at("id"));
    EXPECT_TRUE(harness.probe.answers().empty());

    // Ending the call answers both asks.
    host_api().complete(deferred->call, PB_OK, R"({"content":[]})", 14);
    harness.wait_response("1");
    ASSERT_TRUE(harness.probe.wait_for_answers(2));
    for (const auto& answer : harness.probe.answers())
        EXPECT_EQ(answer.status, PB_ERR_CANCELLED);
}

// 2025-11-25: an empty elicitation capability means form mode only.
TEST(SessionClientRequests, ElicitationModesFollowTheDeclaredCapability) {
    const auto ask_in_mode = [](std::string_view capabilities, std::string_view params) {
        SessionHarness harness;
        harness.add_tool("slow", deferring_handler);
        harness.handshake("2025-11-25", capabilities);
        harness.feed_request("1", "tools/call", R"({"name":"slow"})");
        const auto deferred = harness.probe.next_deferred();
        EXPECT_TRUE(deferred);
        ask(harness, deferred->call, PB_ASK_ELICITATION, params);
        harness.run_until(
            [&] { return !harness.client_requests().empty() || !harness.probe.answers().empty(); });
        std::string outcome =
            harness.client_requests().empty() ? harness.probe.answers().at(0).json : "sent";
        host_api().complete(deferred->call, PB_OK, R"({"content":[]})", 14);
        harness.wait_response("1");
        return outcome;
    };
    constexpr std::string_view kForm = R"({"message":"Name?","requestedSchema":{}})";
    constexpr std::string_view kUrl =
        R"({"mode":"url","message":"Sign in","url":"https://example.com/x","elicitationId":"e1"})";
    EXPECT_EQ(ask_in_mode(R"({"elicitation":{}})", kForm), "sent");
    EXPECT_EQ(ask_in_mode(R"({"elicitation":{}})", kUrl),
              "the client did not declare the capability for elicitation/create in url mode");
    EXPECT_EQ(ask_in_mode(R"({"elicitation":{"url":{}}})", kUrl), "sent");
    EXPECT_EQ(ask_in_mode(R"({"elicitation":{"url":{}}})", kForm),
              "the client did not declare the capability for elicitation/create in form mode");
    EXPECT_EQ(ask_in_mode(R"({"elicitation":{"form":{},"url":{}}})", kForm), "sent");
}

TEST(SessionClientRequests, RefusesBadParamsAndUnknownKinds) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake("2025-11-25", R"({"sampling":{}})");
    harness.feed_request("1", "tools/call", R"({"name":"slow"})");
    const auto deferred = harness.probe.next_deferred();
    ASSERT_TRUE(deferred);

    ask(harness, deferred->call, PB_ASK_SAMPLING, "[1]");
    ask(harness, deferred->call, PB_ASK_SAMPLING, "{broken");
    ask(harness, deferred->call, 99, "{}");
    ASSERT_TRUE(harness.run_until([&] { return harness.probe.answers().size() == 3; }));
    const auto answers = harness.probe.answers();
    EXPECT_EQ(answers[0].status, PB_ERR_BAD_ARGUMENT);
    EXPECT_EQ(answers[0].json, "ask_client params must be a JSON object");
    EXPECT_EQ(answers[1].status, PB_ERR_BAD_ARGUMENT);
    EXPECT_EQ(answers[2].status, PB_ERR_BAD_ARGUMENT);
    EXPECT_EQ(answers[2].json, "unknown ask_client kind 99");
    EXPECT_TRUE(harness.client_requests().empty());
    host_api().complete(deferred->call, PB_OK, R"({"content":[]})", 14);
    harness.wait_response("1");
}

TEST(SessionClientRequests, AskForAnUnknownCallIsCancelled) {
    std::atomic<int> answered{0};
    std::atomic<std::int32_t> status{-1};
    struct Outcome {
        std::atomic<int>* answered;
        std::atomic<std::int32_t>* status;
    } outcome{&answered, &status};
    const std::string params = "{}";
    host_api().ask_client(
        nullptr, PB_ASK_ROOTS, params.data(), params.size(),
        [](void* user_data, std::int32_t code, const char*, std::size_t) {
            auto* seen = static_cast<Outcome*>(user_data);
            seen->status->store(code);
            ++*seen->answered;
        },
        &outcome);
    EXPECT_EQ(answered.load(), 1);
    EXPECT_EQ(status.load(), PB_ERR_CANCELLED);
}

}  // namespace
}  // namespace plugboard::core_test
