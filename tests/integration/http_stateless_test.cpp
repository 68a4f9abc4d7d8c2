// http.stateless: Streamable HTTP without sessions. No Mcp-Session-Id is
// issued or needed; every POST is served on its own at the revision its
// MCP-Protocol-Version header names; GET and DELETE have nothing to act on.
#include "http_fixture.hpp"

namespace plugboard::integration {
namespace {

using HttpStatelessTest = HttpTest;
using namespace std::chrono_literals;

constexpr std::string_view kStateless = "stateless: true\n";

HttpRequest stateless_post(std::uint16_t port, const bj::value& message,
                           std::string_view revision = kLatestRevision) {
    HttpRequest request = mcp_post(port, bj::serialize(message));
    request.set("MCP-Protocol-Version", revision);
    return request;
}

TEST_F(HttpStatelessTest, InitializeIsAnsweredWithoutASession) {
    start_http(kStateless);
    const auto answer = post_body(bj::serialize(rpc_request(1, "initialize", initialize_params())));
    ASSERT_EQ(answer.result_int(), 200) << answer;
    EXPECT_EQ(answer.find("Mcp-Session-Id"), answer.end());
    const auto response = rpc_response(answer);
    const auto& result = result_of(response);
    EXPECT_EQ(result.at("protocolVersion").as_string(), kLatestRevision);
    // Nothing can reach a client between its requests, so nothing is promised.
    EXPECT_EQ(result.at("capabilities").at("tools"), bj::object{});
}

TEST_F(HttpStatelessTest, EveryPostIsServedOnItsOwn) {
    start_http(kStateless);
    for (int i = 1; i <= 3; ++i) {
        const auto answer = exchange(stateless_post(
            port(), rpc_request(i, "tools/call", tool_call("echo", {{"message", "hi"}}))));
        ASSERT_EQ(answer.result_int(), 200) << answer;
        EXPECT_EQ(answer.find("Mcp-Session-Id"), answer.end());
        const auto response = rpc_response(answer);
        EXPECT_EQ(response.at("id"), i);
        EXPECT_EQ(first_text(result_of(response)), "hi");
    }
    const auto notification = exchange(stateless_post(
        port(), bj::object{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}));
    EXPECT_EQ(notification.result_int(), 202) << notification;
}

// A session id a client sends anyway is not looked up.
TEST_F(HttpStatelessTest, IgnoresASessionIdHeader) {
    start_http(kStateless);
    HttpRequest request = stateless_post(port(), rpc_request(1, "ping"));
    request.set("Mcp-Session-Id", "00000000000000000000000000000000");
    const auto answer = exchange(request);
    ASSERT_EQ(answer.result_int(), 200) << answer;
    EXPECT_EQ(result_of(rpc_response(answer)), bj::object{});
}

TEST_F(HttpStatelessTest, TheHeaderPicksTheRevision) {
    start_http(kStateless);
    const bj::array batch{rpc_request(1, "ping"), rpc_request(2, "ping")};
    const auto allowed = exchange(stateless_post(port(), batch, "2025-03-26"));
    ASSERT_EQ(allowed.result_int(), 200) << allowed;
    EXPECT_EQ(bj::parse(allowed.body()).as_array().size(), 2u);
    // Batches left the protocol in 2025-06-18.
    const auto refused = exchange(stateless_post(port(), batch, "2025-06-18"));
    EXPECT_TRUE(is_error_answer(refused, 400, -32600));
    EXPECT_TRUE(is_error_answer(
        exchange(stateless_post(port(), rpc_request(3, "ping"), "1999-01-01")), 400, -32600));
}

TEST_F(HttpStatelessTest, GetAndDeleteAreNotAllowed) {
    start_http(kStateless);
    for (const auto verb : {http::verb::get, http::verb::delete_}) {
        HttpRequest request = plain_request(port(), verb, "/mcp");
        request.set(http::field::accept, "text/event-stream");
        const auto answer = exchange(request);
        EXPECT_TRUE(is_error_answer(answer, 405, -32600)) << http::to_string(verb);
        EXPECT_EQ(answer[http::field::allow], "POST");
    }
}

TEST_F(HttpStatelessTest, SubscriptionsAreRefused) {
    start_http(kStateless);
    const auto answer = exchange(
        stateless_post(port(), rpc_request(1, "resources/subscribe", {{"uri", "echo://x"}})));
    ASSERT_EQ(answer.result_int(), 200) << answer;
    EXPECT_EQ(rpc_response(answer).at("error").at("code"), -32601);
}

// A call that takes time answers on its POST's stream; its session ends with
// it, so the next request finds room under max_sessions: 1.
TEST_F(HttpStatelessTest, ASlowCallStreamsItsAnswerAndEndsItsSession) {
    start_http("stateless: true\nmax_sessions: 1\n");
    HttpConnection slow_call(port());
    ASSERT_EQ(
        slow_call
            .open_stream(stateless_post(port(), rpc_request(7, "tools/call",
                                                            tool_call("sleep", {{"ms", 300}}))),
                         2s)
            .result_int(),
        200);
    // Meanwhile the only slot is taken.
    EXPECT_TRUE(is_error_answer(exchange(stateless_post(port(), rpc_request(8, "ping"))), 503));
    const auto response = slow_call.next_message(5s);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(first_text(result_of(*response)), "slept 300 ms");

    std::optional<HttpResponse> after;
    for (int attempt = 0; attempt < 50; ++attempt) {  // the stream's end frees the slot
        after = exchange(stateless_post(port(), rpc_request(9, "ping")));
        if (after->result_int() == 200) break;
        std::this_thread::sleep_for(20ms);
    }
    ASSERT_EQ(after->result_int(), 200) << *after;
}

}  // namespace
}  // namespace plugboard::integration
