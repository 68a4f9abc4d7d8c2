// How Session tags what it sends (Outgoing): which handle_frame() exchange a
// frame answers or concerns and whether it ends a request there. The HTTP
// transport routes frames to streams by these tags alone.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "protocol/errors.hpp"
#include "session_harness.hpp"
#include "test_items.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;

std::string request_frame(std::string_view id, std::string_view method,
                          std::string_view params = "{}") {
    return R"({"jsonrpc":"2.0","id":)" + std::string(id) + R"(,"method":")" + std::string(method) +
           R"(","params":)" + std::string(params) + "}";
}

std::string notification_frame(std::string_view method, std::string_view params = "{}") {
    return R"({"jsonrpc":"2.0","method":")" + std::string(method) + R"(","params":)" +
           std::string(params) + "}";
}

// The harness's own session drops the tags; this one keeps every Outgoing.
class SessionRouting : public ::testing::Test {
  protected:
    SessionRouting()
        : session(std::make_shared<session::Session>(
              harness.strand, harness.dispatcher, config::Limits{},
              session::ServerInfo{"plugboard-test", "9.9.9", std::nullopt},
              [this](session::Outgoing outgoing) { sent.push_back(std::move(outgoing)); })) {
        harness.registry.set_change_listener(
            [weak = std::weak_ptr<session::Session>(session)](registry::ItemKind kind) {
                if (auto alive = weak.lock()) alive->notify_list_changed(kind);
            });
    }

    void TearDown() override {
        EXPECT_TRUE(harness.run_until([&] {
            harness.probe.complete_deferred(PB_ERR_CANCELLED);
            return session->in_flight() == 0;
        }));
    }

    // handle_frame() on the strand, as a transport calls it.
    std::size_t handle(std::string_view frame, std::uint64_t exchange) {
        std::optional<std::size_t> answers;
        boost::asio::post(harness.strand, [&, text = std::string(frame)] {
            answers = session->handle_frame(text, exchange);
        });
        EXPECT_TRUE(harness.run_until([&] { return answers.has_value(); }));
        harness.run_ready();
        return answers.value_or(99);
    }

    void handshake(std::string_view revision = "2025-11-25", std::string_view capabilities = "{}") {
        ASSERT_EQ(
            handle(request_frame("0", "initialize",
                                 R"({"protocolVersion":")" + std::string(revision) +
                                     R"(","capabilities":)" + std::string(capabilities) + "}"),
                   1),
            1u);
        ASSERT_EQ(handle(notification_frame("notifications/initialized"), 2), 0u);
        sent.clear();
    }

    bool wait_for_sent(std::size_t count) {
        return harness.run_until([&] { return sent.size() >= count; });
    }
    bool wait_handler_runs(int runs) {
        return harness.run_until([&] { return harness.probe.handler_runs.load() == runs; });
    }

    std::size_t ends_of(std::uint64_t exchange) const {
        std::size_t ends = 0;
        for (const auto& outgoing : sent)
            ends += outgoing.exchange == exchange && outgoing.ends_request ? 1 : 0;
        return ends;
    }

    SessionHarness harness;
    std::vector<session::Outgoing> sent;
    std::shared_ptr<session::Session> session;
};

TEST_F(SessionRouting, ResponseCarriesItsExchangeAndEndsTheRequest) {
    EXPECT_EQ(handle(request_frame("0", "initialize", R"({"protocolVersion":"2025-06-18"})"), 7),
              1u);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].exchange, 7u);
    EXPECT_TRUE(sent[0].ends_request);
    EXPECT_FALSE(sent[0].rejects_frame);
    const bj::value response = parse_json(sent[0].frame);
    EXPECT_EQ(response.at("id"), 0);
    EXPECT_EQ(response.at("result").at("protocolVersion"), "2025-06-18");
}

TEST_F(SessionRouting, ErrorResponseToARequestIsNotARejection) {
    EXPECT_EQ(handle(request_frame("1", "tools/list"), 3), 1u);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].exchange, 3u);
    EXPECT_TRUE(sent[0].ends_request);
    EXPECT_FALSE(sent[0].rejects_frame);
    EXPECT_EQ(parse_json(sent[0].frame).at("error").at("code"), protocol::kInvalidRequest);
}

TEST_F(SessionRouting, NotificationsAndClientResponsesOweNothing) {
    handshake();
    EXPECT_EQ(handle(notification_frame("notifications/whatever"), 8), 0u);
    EXPECT_EQ(handle(R"({"jsonrpc":"2.0","id":"nobody-asked","result":{}})", 9), 0u);
    EXPECT_TRUE(sent.empty());
}

TEST_F(SessionRouting, FrameThatIsNotJsonIsRejectedOnItsExchange) {
    EXPECT_EQ(handle("{oops", 3), 1u);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].exchange, 3u);
    EXPECT_TRUE(sent[0].ends_request);
    EXPECT_TRUE(sent[0].rejects_frame);
    const bj::value error = parse_json(sent[0].frame);
    EXPECT_EQ(error.at("id"), nullptr);
    EXPECT_EQ(error.at("error").at("code"), protocol::kParseError);
}

TEST_F(SessionRouting, JsonThatIsNotAMessageIsRejected) {
    EXPECT_EQ(handle(R"({"hello":"world"})", 4), 1u);
    EXPECT_EQ(handle("[]", 5), 1u);
    ASSERT_EQ(sent.size(), 2u);
    for (const auto& outgoing : sent) {
        EXPECT_TRUE(outgoing.rejects_frame);
        EXPECT_TRUE(outgoing.ends_request);
        EXPECT_EQ(parse_json(outgoing.frame).at("error").at("code"), protocol::kInvalidRequest);
    }
    EXPECT_EQ(sent[0].exchange, 4u);
    EXPECT_EQ(sent[1].exchange, 5u);
}

TEST_F(SessionRouting, AsynchronousAnswerKeepsItsExchange) {
    harness.add_tool("slow", deferring_handler);
    handshake();
    EXPECT_EQ(handle(request_frame("1", "tools/call", R"({"name":"slow"})"), 11), 1u);
    ASSERT_TRUE(wait_handler_runs(1));
    EXPECT_EQ(handle(request_frame("2", "ping"), 12), 1u);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].exchange, 12u);

    harness.probe.complete_deferred(PB_OK);
    ASSERT_TRUE(wait_for_sent(2));
    EXPECT_EQ(sent[1].exchange, 11u);
    EXPECT_TRUE(sent[1].ends_request);
    EXPECT_EQ(parse_json(sent[1].frame).at("id"), 1);
}

TEST_F(SessionRouting, CancelledRequestEndsItsExchangeWithAnEmptyFrame) {
    harness.add_tool("slow", deferring_handler);
    handshake();
    EXPECT_EQ(handle(request_frame(R"("c")", "tools/call", R"({"name":"slow"})"), 11), 1u);
    ASSERT_TRUE(wait_handler_runs(1));
    EXPECT_EQ(handle(notification_frame("notifications/cancelled", R"({"requestId":"c"})"), 12),
              0u);
    ASSERT_TRUE(wait_for_sent(1));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].frame, "");
    EXPECT_EQ(sent[0].exchange, 11u);
    EXPECT_TRUE(sent[0].ends_request);
    EXPECT_FALSE(sent[0].rejects_frame);
}

TEST_F(SessionRouting, TimedOutCallEndsItsExchangeWithAnError) {
    harness.plugin.call_timeout = std::chrono::milliseconds(20);
    harness.add_tool("stuck", deferring_handler);
    handshake();
    EXPECT_EQ(handle(request_frame("1", "tools/call", R"({"name":"stuck"})"), 13), 1u);
    ASSERT_TRUE(wait_for_sent(1));
    EXPECT_EQ(sent[0].exchange, 13u);
    EXPECT_TRUE(sent[0].ends_request);
    EXPECT_EQ(parse_json(sent[0].frame).at("error").at("code"), protocol::kInternalError);
}

TEST_F(SessionRouting, ProgressOfACallCarriesItsExchange) {
    harness.add_tool("work", progress_handler);
    handshake();
    EXPECT_EQ(
        handle(request_frame("1", "tools/call", R"({"name":"work","_meta":{"progressToken":"p"}})"),
               21),
        1u);
    ASSERT_TRUE(harness.run_until([&] { return ends_of(21) == 1; }));
    ASSERT_EQ(sent.size(), 3u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(parse_json(sent[i].frame).at("method"), "notifications/progress");
        EXPECT_EQ(sent[i].exchange, 21u);
        EXPECT_FALSE(sent[i].ends_request);
        EXPECT_FALSE(sent[i].rejects_frame);
    }
    EXPECT_EQ(sent[2].exchange, 21u);
    EXPECT_TRUE(sent[2].ends_request);
}

TEST_F(SessionRouting, LogsOfACallCarryItsExchange) {
    harness.add_tool("talk", logging_handler);
    handshake();
    EXPECT_EQ(handle(request_frame("1", "logging/setLevel", R"({"level":"debug"})"), 22), 1u);
    EXPECT_EQ(handle(request_frame("2", "tools/call", R"({"name":"talk"})"), 23), 1u);
    ASSERT_TRUE(harness.run_until([&] { return ends_of(23) == 1; }));
    ASSERT_EQ(sent.size(), 5u);  // setLevel's answer, three logs, the call's answer
    EXPECT_EQ(sent[0].exchange, 22u);
    for (std::size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(parse_json(sent[i].frame).at("method"), "notifications/message");
        EXPECT_EQ(sent[i].exchange, 23u);
        EXPECT_FALSE(sent[i].ends_request);
    }
    EXPECT_EQ(sent[4].exchange, 23u);
    EXPECT_TRUE(sent[4].ends_request);
}

TEST_F(SessionRouting, QuestionToTheClientCarriesTheCallsExchange) {
    harness.add_tool("ask", sampling_handler);
    handshake("2025-11-25", R"({"sampling":{}})");
    EXPECT_EQ(handle(request_frame("1", "tools/call", R"({"name":"ask"})"), 31), 1u);
    ASSERT_TRUE(wait_for_sent(1));
    const bj::value question = parse_json(sent[0].frame);
    EXPECT_EQ(question.at("method"), "sampling/createMessage");
    EXPECT_EQ(sent[0].exchange, 31u);
    EXPECT_FALSE(sent[0].ends_request);

    EXPECT_EQ(handle(R"({"jsonrpc":"2.0","id":)" + bj::serialize(question.at("id")) +
                         R"(,"result":{"role":"assistant","content":{"type":"text","text":"x"}}})",
                     32),
              0u);
    ASSERT_TRUE(harness.run_until([&] { return ends_of(31) == 1; }));
    EXPECT_EQ(ends_of(32), 0u);
    EXPECT_EQ(parse_json(sent.back().frame).at("id"), 1);
}

TEST_F(SessionRouting, MessagesTiedToNoRequestHaveNoExchange) {
    harness.add_tool("first", echo_handler);
    handshake();
    harness.add_tool("second", echo_handler);
    ASSERT_TRUE(wait_for_sent(1));
    EXPECT_EQ(parse_json(sent[0].frame).at("method"), "notifications/tools/list_changed");
    EXPECT_EQ(sent[0].exchange, 0u);
    EXPECT_FALSE(sent[0].ends_request);
    EXPECT_FALSE(sent[0].rejects_frame);
}

TEST_F(SessionRouting, OversizedFrameIsRejectedWithoutAnExchange) {
    boost::asio::post(harness.strand, [&] { session->reject_oversized_frame(100); });
    ASSERT_TRUE(wait_for_sent(1));
    EXPECT_EQ(sent[0].exchange, 0u);
    EXPECT_TRUE(sent[0].rejects_frame);
    EXPECT_FALSE(sent[0].ends_request);
    EXPECT_EQ(parse_json(sent[0].frame).at("error").at("code"), protocol::kInvalidRequest);
}

TEST_F(SessionRouting, BatchEndsItsExchangeOnce) {
    harness.add_tool("slow", deferring_handler);
    handshake("2025-03-26");
    EXPECT_EQ(handle(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},)"
                     R"({"jsonrpc":"2.0","method":"notifications/whatever"},)"
                     R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow"}}])",
                     41),
              1u);
    ASSERT_TRUE(wait_handler_runs(1));
    EXPECT_TRUE(sent.empty()) << "the batch waits for its slowest member";
    harness.probe.complete_deferred(PB_OK);
    ASSERT_TRUE(wait_for_sent(1));
    harness.run_ready();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].exchange, 41u);
    EXPECT_TRUE(sent[0].ends_request);
    const bj::value answers = parse_json(sent[0].frame);
    ASSERT_TRUE(answers.is_array());
    EXPECT_EQ(answers.as_array().size(), 2u);
}

TEST_F(SessionRouting, BatchWhoseRequestsWereCancelledEndsWithAnEmptyFrame) {
    harness.add_tool("slow", deferring_handler);
    handshake("2025-03-26");
    EXPECT_EQ(
        handle(R"([{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow"}}])", 42),
        1u);
    ASSERT_TRUE(wait_handler_runs(1));
    EXPECT_EQ(handle(notification_frame("notifications/cancelled", R"({"requestId":1})"), 43), 0u);
    ASSERT_TRUE(wait_for_sent(1));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].frame, "");
    EXPECT_EQ(sent[0].exchange, 42u);
    EXPECT_TRUE(sent[0].ends_request);
}

// handle_frame() promises as many ends_request as it returns: none here.
TEST_F(SessionRouting, BatchWithoutRequestsEndsNothing) {
    handshake("2025-03-26");
    EXPECT_EQ(handle(R"([{"jsonrpc":"2.0","method":"notifications/a"},)"
                     R"({"jsonrpc":"2.0","method":"notifications/b"}])",
                     44),
              0u);
    EXPECT_EQ(ends_of(44), 0u);
    EXPECT_TRUE(sent.empty());
}

TEST_F(SessionRouting, RefusedBatchIsARejection) {
    EXPECT_EQ(handle(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", 45), 1u);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].exchange, 45u);
    EXPECT_TRUE(sent[0].ends_request);
    EXPECT_TRUE(sent[0].rejects_frame);
}

TEST_F(SessionRouting, CloseEndsEveryExchangeInFlight) {
    harness.add_tool("slow", deferring_handler);
    handshake();
    EXPECT_EQ(handle(request_frame("1", "tools/call", R"({"name":"slow"})"), 51), 1u);
    EXPECT_EQ(handle(request_frame("2", "tools/call", R"({"name":"slow"})"), 52), 1u);
    ASSERT_TRUE(wait_handler_runs(2));
    boost::asio::post(harness.strand, [&] { session->close("bye"); });
    ASSERT_TRUE(harness.run_until([&] { return session->in_flight() == 0; }));
    harness.run_ready();
    EXPECT_EQ(ends_of(51), 1u);
    EXPECT_EQ(ends_of(52), 1u);
    EXPECT_EQ(harness.probe.cancel_notices.load(), 2);
}

}  // namespace
}  // namespace plugboard::core_test
