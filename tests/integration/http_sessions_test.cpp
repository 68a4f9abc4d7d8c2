// Sessions of the Streamable HTTP transport: created by initialize, named
// by Mcp-Session-Id, refused when missing, unknown, deleted, reaped or over
// the limit; and how POSTed messages are answered.
#include <algorithm>
#include <set>
#include <thread>

#include "http_fixture.hpp"

namespace plugboard::integration {
namespace {

using HttpSessionsTest = HttpTest;

constexpr std::string_view kSupportedRevisions[] = {"2024-11-05", "2025-03-26", "2025-06-18",
                                                    "2025-11-25"};

std::string initialize_body(bj::object params = initialize_params()) {
    return bj::serialize(rpc_request(1, "initialize", std::move(params)));
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

TEST_F(HttpSessionsTest, InitializeCreatesASessionNamedByRandomHex) {
    start_http();
    const auto answer = post_body(initialize_body());
    ASSERT_EQ(answer.result_int(), 200) << answer;
    const std::string id(answer["Mcp-Session-Id"]);
    EXPECT_TRUE(is_session_id(id)) << id;
    const auto response = rpc_response(answer);
    EXPECT_EQ(response.at("id"), 1);
    EXPECT_EQ(result_of(response).at("protocolVersion").as_string(), kLatestRevision);

    std::set<std::string> ids{id};
    for (int i = 0; i < 5; ++i)
        ids.insert(McpSession(port()).id());
    EXPECT_EQ(ids.size(), 6u) << "session ids repeat";
}

TEST_F(HttpSessionsTest, EverySupportedRevisionOpensASession) {
    start_http();
    for (const std::string_view revision : kSupportedRevisions) {
        McpSession session(port(), {}, revision);
        EXPECT_EQ(session.initialize_result().at("protocolVersion").as_string(), revision);
        EXPECT_EQ(result_of(session.request("ping")), bj::object{}) << revision;
    }
}

TEST_F(HttpSessionsTest, AFailedInitializeKeepsNoSession) {
    start_http("max_sessions: 1\n");
    for (int i = 0; i < 3; ++i) {
        const auto answer = post_body(initialize_body({{"capabilities", bj::object{}}}));
        EXPECT_TRUE(answer["Mcp-Session-Id"].empty()) << answer;
        EXPECT_EQ(error_code(json_body(answer)), -32602) << answer;
    }
    McpSession session(port());
    EXPECT_EQ(result_of(session.request("ping")), bj::object{})
        << "failed initializes must not use up max_sessions";
}

TEST_F(HttpSessionsTest, EverythingButInitializeNeedsASession) {
    start_http();
    auto expect_missing_session = [](const HttpResponse& answer, std::string_view what) {
        EXPECT_TRUE(is_error_answer(answer, 400, -32600)) << what;
        if (answer.result_int() == 400) {
            EXPECT_NE(error_message(json_body(answer)).find("Mcp-Session-Id"), std::string::npos)
                << what << ": " << answer.body();
        }
    };
    expect_missing_session(post_body(bj::serialize(rpc_request(1, "ping"))), "ping");
    expect_missing_session(post_body(bj::serialize(rpc_request(2, "tools/list"))), "tools/list");
    expect_missing_session(post_body(bj::serialize(rpc_notification("notifications/initialized"))),
                           "a notification");
    expect_missing_session(exchange(mcp_get(port(), "")), "GET");
    expect_missing_session(exchange(mcp_delete(port(), "")), "DELETE");
}

TEST_F(HttpSessionsTest, UnknownSessionsAre404) {
    start_http();
    McpSession real(port());
    for (const std::string& id :
         {std::string("0123456789abcdef0123456789abcdef"), std::string("not-a-session"),
          upper(real.id()), real.id() + "0", std::string(1000, 'a')}) {
        auto ping = mcp_post(port(), bj::serialize(rpc_request(1, "ping")), id);
        EXPECT_TRUE(is_error_answer(exchange(ping), 404, -32001)) << "POST, session " << id;
        EXPECT_TRUE(is_error_answer(exchange(mcp_get(port(), id)), 404, -32001))
            << "GET, session " << id;
        EXPECT_TRUE(is_error_answer(exchange(mcp_delete(port(), id)), 404, -32001))
            << "DELETE, session " << id;
    }
    EXPECT_EQ(result_of(real.request("ping")), bj::object{});
}

TEST_F(HttpSessionsTest, DeleteClosesTheSessionForGood) {
    start_http();
    McpSession session(port());
    McpSession other(port());
    EXPECT_EQ(exchange(session.delete_request()).result_int(), 200);
    EXPECT_TRUE(is_error_answer(session.post(session.next_request("ping")), 404, -32001));
    EXPECT_TRUE(is_error_answer(exchange(session.get_request()), 404, -32001));
    EXPECT_TRUE(is_error_answer(exchange(session.delete_request()), 404, -32001));
    EXPECT_EQ(result_of(other.request("ping")), bj::object{});
}

TEST_F(HttpSessionsTest, AnUnsupportedProtocolVersionHeaderIs400) {
    start_http();
    McpSession session(port());
    for (const std::string version : {"2099-01-01", "1.0", "", "2025-11-25, 2025-06-18"}) {
        auto ping = session.post_request(session.next_request("ping"));
        ping.set("MCP-Protocol-Version", version);
        EXPECT_EQ(exchange(ping).result_int(), 400) << "MCP-Protocol-Version: " << version;
    }
    auto initialize = mcp_post(port(), initialize_body());
    initialize.set("MCP-Protocol-Version", "2099-01-01");
    const auto answer = exchange(initialize);
    EXPECT_EQ(answer.result_int(), 400);
    EXPECT_TRUE(answer["Mcp-Session-Id"].empty());
}

TEST_F(HttpSessionsTest, AnySupportedProtocolVersionHeaderIsAcceptedOnAnySession) {
    start_http();
    McpSession session(port());
    for (const std::string_view version : kSupportedRevisions) {
        auto ping = session.post_request(session.next_request("ping"));
        ping.set("MCP-Protocol-Version", version);
        const auto answer = exchange(ping);
        EXPECT_EQ(result_of(rpc_response(answer)), bj::object{}) << version;
    }
    auto without_version = session.post_request(session.next_request("ping"));
    without_version.erase("MCP-Protocol-Version");
    EXPECT_EQ(result_of(rpc_response(exchange(without_version))), bj::object{});
}

TEST_F(HttpSessionsTest, SessionsOverTheLimitAre503UntilOneCloses) {
    start_http("max_sessions: 2\n");
    McpSession first(port());
    McpSession second(port());
    const auto refused = post_body(initialize_body());
    EXPECT_TRUE(is_error_answer(refused, 503)) << refused;
    EXPECT_TRUE(refused["Mcp-Session-Id"].empty());

    ASSERT_EQ(exchange(first.delete_request()).result_int(), 200);
    McpSession third(port());
    EXPECT_EQ(result_of(third.request("ping")), bj::object{});
    EXPECT_EQ(result_of(second.request("ping")), bj::object{});
}

TEST_F(HttpSessionsTest, IdleSessionsAreReapedAndBusyOnesKept) {
    start_http("session_idle_timeout_ms: 300\n");
    McpSession idle(port());
    McpSession busy(port());
    const auto until = std::chrono::steady_clock::now() + 2s;
    while (std::chrono::steady_clock::now() < until) {
        ASSERT_EQ(result_of(busy.request("ping")), bj::object{});
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_TRUE(is_error_answer(idle.post(idle.next_request("ping")), 404, -32001));
    EXPECT_EQ(result_of(busy.request("ping")), bj::object{});
}

TEST_F(HttpSessionsTest, ASessionWithAnOpenStreamIsNotReaped) {
    // Keepalives let the daemon notice the stream is gone once the client drops it.
    start_http("session_idle_timeout_ms: 300\nsse:\n  keepalive_interval_ms: 200\n");
    McpSession session(port());
    {
        HttpConnection stream(port());
        ASSERT_EQ(stream.open_stream(session.get_request()).result_int(), 200);
        std::this_thread::sleep_for(1500ms);
        EXPECT_EQ(result_of(session.request("ping")), bj::object{});
    }
    std::this_thread::sleep_for(2s);
    EXPECT_TRUE(is_error_answer(session.post(session.next_request("ping")), 404, -32001))
        << "reaped once the stream closed";
}

TEST_F(HttpSessionsTest, ASessionWithACallInFlightIsNotReaped) {
    start_http("session_idle_timeout_ms: 300\n");
    McpSession session(port());
    const auto response = session.request("tools/call", tool_call("sleep", {{"ms", 1500}}));
    EXPECT_EQ(first_text(result_of(response)), "slept 1500 ms");
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

TEST_F(HttpSessionsTest, ABodyThatIsNotJsonIsAParseError) {
    start_http();
    McpSession session(port());
    for (const std::string body : {"{not json", "", "{\"jsonrpc\":\"2.0\",", "\xff\xfe"}) {
        EXPECT_TRUE(is_error_answer(exchange(mcp_post(port(), body, session.id())), 400, -32700))
            << "body: " << body;
    }
    EXPECT_EQ(post_body("{not json").result_int(), 400) << "without a session";
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

TEST_F(HttpSessionsTest, JsonThatIsNotJsonRpcIsAnInvalidRequest) {
    start_http();
    McpSession session(port());
    for (const std::string body : {"{\"foo\":1}", "42", "\"hello\"", "null", "[]", "{}"}) {
        EXPECT_TRUE(is_error_answer(exchange(mcp_post(port(), body, session.id())), 400, -32600))
            << "body: " << body;
    }
}

TEST_F(HttpSessionsTest, NotificationsAndResponsesAreAcceptedWithoutABody) {
    start_http();
    McpSession session(port());
    for (const bj::value& message :
         {bj::value(rpc_notification("notifications/cancelled", {{"requestId", 999}})),
          bj::value(rpc_notification("notifications/roots/list_changed")),
          bj::value(rpc_notification("notifications/no_such_thing")),
          bj::value(
              bj::object{{"jsonrpc", "2.0"}, {"id", "nobody-asked"}, {"result", bj::object{}}}),
          bj::value(bj::object{
              {"jsonrpc", "2.0"}, {"id", 12345}, {"error", {{"code", -1}, {"message", "no"}}}})}) {
        const auto answer = session.post(message);
        EXPECT_EQ(answer.result_int(), 202) << bj::serialize(message);
        EXPECT_TRUE(answer.body().empty()) << bj::serialize(message);
    }
}

TEST_F(HttpSessionsTest, QuickRequestsAreAnsweredWithJson) {
    start_http();
    McpSession session(port());
    const auto ping = session.post(rpc_request("ping-1", "ping"));
    ASSERT_EQ(ping.result_int(), 200);
    EXPECT_EQ(media_type(ping[http::field::content_type]), "application/json");
    EXPECT_EQ(json_body(ping),
              (bj::object{{"jsonrpc", "2.0"}, {"id", "ping-1"}, {"result", bj::object{}}}));

    const auto list = session.post(rpc_request(2, "tools/list"));
    ASSERT_EQ(list.result_int(), 200);
    EXPECT_EQ(media_type(list[http::field::content_type]), "application/json");
    const auto tools = members(result_of(json_body(list)).at("tools").as_array());
    EXPECT_TRUE(tools.contains("echo") && tools.contains("sleep")) << list.body();
}

TEST_F(HttpSessionsTest, ABatchIsAnsweredWithAnArray) {
    start_http();
    McpSession session(port(), {}, "2025-03-26");
    const bj::array batch{rpc_request("a", "ping"), rpc_request("b", "tools/list"),
                          rpc_notification("notifications/no_such_thing")};
    const auto answer = session.post(batch);
    ASSERT_EQ(answer.result_int(), 200) << answer;
    ASSERT_EQ(media_type(answer[http::field::content_type]), "application/json") << answer;
    const bj::value responses = bj::parse(answer.body());
    ASSERT_TRUE(responses.is_array()) << answer.body();
    ASSERT_EQ(responses.as_array().size(), 2u) << answer.body();
    std::set<std::string> ids;
    for (const bj::value& response : responses.as_array()) {
        ids.emplace(response.at("id").as_string());
        EXPECT_TRUE(response.as_object().contains("result")) << bj::serialize(response);
    }
    EXPECT_EQ(ids, (std::set<std::string>{"a", "b"}));

    const auto notifications = session.post(
        bj::array{rpc_notification("notifications/a"), rpc_notification("notifications/b")});
    EXPECT_EQ(notifications.result_int(), 202);
}

TEST_F(HttpSessionsTest, ASecondInitializeOnASessionIsAnErrorAndKeepsIt) {
    start_http();
    McpSession session(port());
    const auto answer = session.post(session.next_request("initialize", initialize_params()));
    EXPECT_TRUE(json_body(answer).contains("error")) << answer;
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

}  // namespace
}  // namespace plugboard::integration
