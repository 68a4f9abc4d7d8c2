// The legacy HTTP+SSE transport (2024-11-05): GET /sse announces a POST
// endpoint, POST /messages?sessionId=... is accepted with 202 and answered
// on the stream.
#include <thread>

#include "http_fixture.hpp"

namespace plugboard::integration {
namespace {

using HttpLegacyTest = HttpTest;

HttpRequest legacy_get(std::uint16_t port) {
    HttpRequest request = plain_request(port, http::verb::get, "/sse");
    request.set(http::field::accept, "text/event-stream");
    return request;
}

HttpRequest legacy_post(std::uint16_t port, std::string_view target, const bj::value& message) {
    HttpRequest request = plain_request(port, http::verb::post, target, bj::serialize(message));
    request.set(http::field::content_type, "application/json");
    return request;
}

// Opens the stream and returns the endpoint its first event names.
std::string open_legacy_stream(HttpConnection& stream, std::uint16_t port) {
    const auto& head = stream.open_stream(legacy_get(port));
    EXPECT_EQ(head.result_int(), 200) << head;
    EXPECT_EQ(media_type(head[http::field::content_type]), "text/event-stream") << head;
    const auto endpoint = stream.next_event();
    if (!endpoint) throw std::runtime_error("no endpoint event on /sse");
    EXPECT_EQ(endpoint->event, "endpoint");
    return endpoint->data.value_or("");
}

TEST_F(HttpLegacyTest, TheStreamFirstNamesItsMessagesEndpoint) {
    start_http();
    HttpConnection stream(port());
    const std::string endpoint = open_legacy_stream(stream, port());
    constexpr std::string_view kPrefix = "/messages?sessionId=";
    EXPECT_TRUE(endpoint.starts_with(kPrefix) && is_session_id(endpoint.substr(kPrefix.size())))
        << endpoint;
    HttpConnection other(port());
    EXPECT_NE(open_legacy_stream(other, port()), endpoint);
}

TEST_F(HttpLegacyTest, PostedMessagesAreAcceptedAndAnsweredOnTheStream) {
    start_http();
    HttpConnection stream(port());
    const std::string endpoint = open_legacy_stream(stream, port());

    const auto accepted = exchange(legacy_post(
        port(), endpoint, rpc_request(1, "initialize", initialize_params("2024-11-05"))));
    EXPECT_EQ(accepted.result_int(), 202);
    EXPECT_EQ(accepted.body(), "Accepted");
    const auto initialized = stream.next_event();
    ASSERT_TRUE(initialized && initialized->has_payload());
    EXPECT_EQ(initialized->event, "message");
    EXPECT_EQ(result_of(initialized->message()).at("protocolVersion"), "2024-11-05");

    EXPECT_EQ(exchange(legacy_post(port(), endpoint, rpc_notification("notifications/initialized")))
                  .result_int(),
              202);
    EXPECT_EQ(exchange(legacy_post(port(), endpoint,
                                   rpc_request(2, "tools/call",
                                               tool_call("echo", {{"message", "over sse"}}))))
                  .result_int(),
              202);
    const auto response = stream.next_message();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->at("id"), 2);
    EXPECT_EQ(first_text(result_of(*response)), "over sse");
}

TEST_F(HttpLegacyTest, PostsNeedAKnownSessionId) {
    start_http();
    const auto ping = rpc_request(1, "ping");
    EXPECT_EQ(exchange(legacy_post(port(), "/messages", ping)).result_int(), 400);
    EXPECT_EQ(exchange(legacy_post(port(), "/messages?other=1", ping)).result_int(), 400);
    EXPECT_EQ(
        exchange(legacy_post(port(), "/messages?sessionId=0123456789abcdef0123456789abcdef", ping))
            .result_int(),
        404);

    HttpConnection stream(port());
    const std::string endpoint = open_legacy_stream(stream, port());
    const std::string legacy_id = endpoint.substr(endpoint.find('=') + 1);
    EXPECT_TRUE(
        is_error_answer(exchange(mcp_post(port(), bj::serialize(ping), legacy_id)), 404, -32001))
        << "a legacy session is not a Streamable HTTP one";

    McpSession streamable(port());
    EXPECT_EQ(
        exchange(legacy_post(port(), "/messages?sessionId=" + streamable.id(), ping)).result_int(),
        404)
        << "a Streamable HTTP session is not a legacy one";
}

TEST_F(HttpLegacyTest, OversizeMessagesAre413) {
    start_http("", "limits:\n  max_message_bytes: 2048\n");
    HttpConnection stream(port());
    const std::string endpoint = open_legacy_stream(stream, port());
    auto big = rpc_request(1, "ping");
    big["params"].as_object()["padding"] = std::string(4096, 'p');
    EXPECT_EQ(exchange(legacy_post(port(), endpoint, big)).result_int(), 413);
}

TEST_F(HttpLegacyTest, ForeignHostsAndOriginsAreForbidden) {
    start_http();
    auto foreign_origin = legacy_get(port());
    foreign_origin.set(http::field::origin, "http://evil.example");
    EXPECT_TRUE(is_error_answer(exchange(foreign_origin), 403, -32600));

    HttpConnection stream(port());
    const std::string endpoint = open_legacy_stream(stream, port());
    auto foreign_host = legacy_post(port(), endpoint, rpc_request(1, "ping"));
    foreign_host.set(http::field::host, "evil.example");
    EXPECT_TRUE(is_error_answer(exchange(foreign_host), 403, -32600));
}

TEST_F(HttpLegacyTest, DroppingTheStreamEndsTheSession) {
    start_http("sse:\n  keepalive_interval_ms: 200\n");
    std::string endpoint;
    {
        HttpConnection stream(port());
        endpoint = open_legacy_stream(stream, port());
    }
    unsigned status = 0;
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
        status = exchange(legacy_post(port(), endpoint, rpc_request(1, "ping"))).result_int();
        if (status == 404) break;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(status, 404u);
}

}  // namespace
}  // namespace plugboard::integration
