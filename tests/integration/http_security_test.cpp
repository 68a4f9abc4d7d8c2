// What the HTTP transport refuses before it reads a message: foreign Host
// and Origin headers (DNS rebinding), oversize URLs, headers and bodies,
// wrong paths, methods and media types. The first failed check wins.
#include <string>
#include <vector>

#include "http_fixture.hpp"

namespace plugboard::integration {
namespace {

using HttpSecurityTest = HttpTest;

std::string initialize_body() {
    return bj::serialize(rpc_request(0, "initialize", initialize_params()));
}

bool creates_session(const HttpResponse& answer) {
    return answer.result() == http::status::ok && !answer["Mcp-Session-Id"].empty();
}

TEST_F(HttpSecurityTest, ForeignHostsAreForbidden) {
    start_http();
    for (const std::string host :
         {"evil.example", "evil.example:80", "localhost.evil.example", "127.0.0.1.nip.io",
          "10.0.0.1", "[::2]:8080", "localhost@evil"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::host, host);
        const auto answer = exchange(request);
        EXPECT_TRUE(is_error_answer(answer, 403, -32600)) << "Host: " << host;
        EXPECT_TRUE(answer["Mcp-Session-Id"].empty()) << "Host: " << host;
    }
}

TEST_F(HttpSecurityTest, LoopbackHostsAreServedWithOrWithoutPort) {
    start_http();
    const std::string port_suffix = ":" + std::to_string(port());
    for (const std::string& host : std::vector<std::string>{
             "localhost", "localhost" + port_suffix, "127.0.0.1", "127.0.0.1" + port_suffix,
             "[::1]" + port_suffix, "LocalHost" + port_suffix}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::host, host);
        const auto answer = exchange(request);
        EXPECT_TRUE(creates_session(answer)) << "Host: " << host << "\n" << answer;
    }
}

TEST_F(HttpSecurityTest, ARequestWithoutHostIsRefused) {
    start_http();
    auto request = mcp_post(port(), initialize_body());
    request.erase(http::field::host);
    const auto answer = exchange(request);
    EXPECT_TRUE(answer.result_int() == 400 || answer.result_int() == 403) << answer;
    EXPECT_TRUE(answer["Mcp-Session-Id"].empty());
}

TEST_F(HttpSecurityTest, ForeignOriginsAreForbidden) {
    start_http();
    for (const std::string origin :
         {"http://evil.example", "https://localhost.evil.example", "http://127.0.0.1.nip.io:8080",
          "null", "file://", "http://evil.example@localhost.evil"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::origin, origin);
        const auto answer = exchange(request);
        EXPECT_TRUE(is_error_answer(answer, 403, -32600)) << "Origin: " << origin;
        EXPECT_TRUE(answer["Mcp-Session-Id"].empty()) << "Origin: " << origin;
    }
}

TEST_F(HttpSecurityTest, LoopbackOriginsAreServedOnAnyPort) {
    start_http();
    for (const std::string& origin : std::vector<std::string>{
             "http://localhost:5173", "https://localhost",
             "http://127.0.0.1:" + std::to_string(port()), "http://[::1]:8080"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::origin, origin);
        const auto answer = exchange(request);
        EXPECT_TRUE(creates_session(answer)) << "Origin: " << origin << "\n" << answer;
    }
}

TEST_F(HttpSecurityTest, ConfiguredOriginsAreServedExactly) {
    start_http("allowed_origins: [\"https://app.example.com\"]\n");
    auto allowed = mcp_post(port(), initialize_body());
    allowed.set(http::field::origin, "https://app.example.com");
    const auto answer = exchange(allowed);
    EXPECT_TRUE(creates_session(answer)) << answer;

    for (const std::string origin :
         {"http://app.example.com", "https://app.example.com.evil.example", "https://evil.example",
          "https://example.com"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::origin, origin);
        EXPECT_TRUE(is_error_answer(exchange(request), 403, -32600)) << "Origin: " << origin;
    }
}

TEST_F(HttpSecurityTest, ConfiguredHostsReplaceTheLoopbackDefaults) {
    start_http("allowed_hosts: [mcp.internal]\n");
    auto configured = mcp_post(port(), initialize_body());
    configured.set(http::field::host, "mcp.internal:8080");
    EXPECT_TRUE(creates_session(exchange(configured)));
    auto loopback = mcp_post(port(), initialize_body());
    loopback.set(http::field::host, "localhost");
    EXPECT_TRUE(is_error_answer(exchange(loopback), 403, -32600));
}

TEST_F(HttpSecurityTest, AWildcardAcceptsAnyHostAndOriginHost) {
    start_http("allowed_hosts: [\"*\"]\n");
    auto request = mcp_post(port(), initialize_body());
    request.set(http::field::host, "mcp.example.net:9000");
    request.set(http::field::origin, "https://mcp.example.net");
    const auto answer = exchange(request);
    EXPECT_TRUE(creates_session(answer)) << answer;
}

TEST_F(HttpSecurityTest, HostAndOriginAreCheckedBeforeAnythingElse) {
    start_http();
    auto with_foreign_host = [&](HttpRequest request) {
        request.set(http::field::host, "evil.example");
        return exchange(request);
    };
    EXPECT_TRUE(is_error_answer(with_foreign_host(mcp_get(port(), "")), 403, -32600))
        << "GET without a session";
    EXPECT_TRUE(is_error_answer(with_foreign_host(mcp_delete(port(), "")), 403, -32600))
        << "DELETE without a session";
    EXPECT_TRUE(is_error_answer(
        with_foreign_host(plain_request(port(), http::verb::put, "/mcp", "{}")), 403, -32600))
        << "PUT";
    EXPECT_TRUE(is_error_answer(
        with_foreign_host(plain_request(port(), http::verb::get, "/nowhere")), 403, -32600))
        << "an unknown path";

    auto foreign_origin = mcp_post(port(), "not json");
    foreign_origin.set(http::field::origin, "http://evil.example");
    foreign_origin.set(http::field::content_type, "text/plain");
    foreign_origin.set(http::field::accept, "text/html");
    EXPECT_TRUE(is_error_answer(exchange(foreign_origin), 403, -32600))
        << "a foreign Origin on a request with a wrong media type";
}

TEST_F(HttpSecurityTest, TooLongUrlsAre414) {
    start_http("max_url_bytes: 256\n");
    const std::string padding(300, 'x');
    auto long_query = mcp_post(port(), initialize_body());
    long_query.target("/mcp?pad=" + padding);
    EXPECT_EQ(exchange(long_query).result_int(), 414);
    EXPECT_EQ(exchange(plain_request(port(), http::verb::get, "/nowhere/" + padding)).result_int(),
              414)
        << "the URL length is checked before the path";

    auto short_query = mcp_post(port(), initialize_body());
    short_query.target("/mcp?pad=" + std::string(100, 'x'));
    EXPECT_NE(exchange(short_query).result_int(), 414);
}

TEST_F(HttpSecurityTest, TheDefaultUrlLimitRefusesFiveKilobytes) {
    start_http();
    auto request = mcp_post(port(), initialize_body());
    request.target("/mcp?pad=" + std::string(5000, 'x'));
    EXPECT_EQ(exchange(request).result_int(), 414);
}

TEST_F(HttpSecurityTest, OneOversizeHeaderIs431AndClosesTheConnection) {
    start_http();
    HttpConnection connection(port());
    auto request = mcp_post(port(), initialize_body());
    request.set("X-Padding", std::string(20000, 'x'));
    EXPECT_EQ(connection.exchange(request).result_int(), 431);
    EXPECT_TRUE(connection.read_until_closed(2s).closed);
}

TEST_F(HttpSecurityTest, ManyHeadersOverTheLimitAre431) {
    start_http("max_header_bytes: 2048\n");
    auto request = mcp_post(port(), initialize_body());
    for (int i = 0; i < 40; ++i) {
        request.insert("X-Filler-" + std::to_string(i), std::string(60, 'y'));
    }
    EXPECT_EQ(exchange(request).result_int(), 431);

    auto small = mcp_post(port(), initialize_body());
    small.insert("X-Filler", std::string(500, 'y'));
    EXPECT_TRUE(creates_session(exchange(small)));
}

TEST_F(HttpSecurityTest, UnknownPathsAre404) {
    start_http();
    for (const std::string target : {"/", "/other", "/mcp/", "/mcp/extra", "/mcpx", "/sse/x",
                                     "/.well-known/oauth-authorization-server"}) {
        auto request = mcp_post(port(), initialize_body());
        request.target(target);
        const auto answer = exchange(request);
        EXPECT_EQ(answer.result_int(), 404) << target << "\n" << answer;
        EXPECT_TRUE(answer["Mcp-Session-Id"].empty()) << target;
    }
}

TEST_F(HttpSecurityTest, OtherMethodsOnMcpAre405WithAllow) {
    start_http();
    for (const http::verb method :
         {http::verb::put, http::verb::patch, http::verb::options, http::verb::head}) {
        const auto answer = exchange(plain_request(port(), method, "/mcp"));
        EXPECT_EQ(answer.result_int(), 405) << http::to_string(method);
        EXPECT_EQ(answer[http::field::allow], "GET, POST, DELETE") << http::to_string(method);
    }
}

TEST_F(HttpSecurityTest, PostsThatAreNotJsonAre415) {
    start_http();
    for (const std::string type :
         {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
          "application/jsonp", "text/json"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::content_type, type);
        EXPECT_EQ(exchange(request).result_int(), 415) << "Content-Type: " << type;
    }
    auto without_type = mcp_post(port(), initialize_body());
    without_type.erase(http::field::content_type);
    EXPECT_EQ(exchange(without_type).result_int(), 415) << "no Content-Type";
}

TEST_F(HttpSecurityTest, JsonWithParametersOrInOtherCaseIsAccepted) {
    start_http();
    for (const std::string type : {"application/json; charset=utf-8", "Application/JSON"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::content_type, type);
        EXPECT_TRUE(creates_session(exchange(request))) << "Content-Type: " << type;
    }
}

TEST_F(HttpSecurityTest, PostsNotAcceptingJsonAndEventStreamAre406) {
    start_http();
    for (const std::string accept : {"application/json", "text/event-stream", "text/html"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::accept, accept);
        EXPECT_EQ(exchange(request).result_int(), 406) << "Accept: " << accept;
    }
}

TEST_F(HttpSecurityTest, WildcardOrMissingAcceptCountsAsBoth) {
    start_http();
    for (const std::string accept : {"*/*", "text/event-stream;q=0.5, application/json;q=0.9"}) {
        auto request = mcp_post(port(), initialize_body());
        request.set(http::field::accept, accept);
        EXPECT_TRUE(creates_session(exchange(request))) << "Accept: " << accept;
    }
    auto without_accept = mcp_post(port(), initialize_body());
    without_accept.erase(http::field::accept);
    EXPECT_TRUE(creates_session(exchange(without_accept))) << "no Accept";
}

TEST_F(HttpSecurityTest, ContentTypeIsCheckedBeforeAccept) {
    start_http();
    auto request = mcp_post(port(), initialize_body());
    request.set(http::field::content_type, "text/plain");
    request.set(http::field::accept, "text/html");
    EXPECT_EQ(exchange(request).result_int(), 415);
}

TEST_F(HttpSecurityTest, OversizeBodyIs413ClosesTheConnectionAndTheDaemonServesOn) {
    start_http("", "limits:\n  max_message_bytes: 2048\n");
    bj::object padded = rpc_request(0, "initialize", initialize_params());
    padded["params"].as_object()["padding"] = std::string(4096, 'p');
    HttpConnection connection(port());
    const auto answer = connection.exchange(mcp_post(port(), bj::serialize(padded)));
    EXPECT_TRUE(is_error_answer(answer, 413)) << answer;
    EXPECT_TRUE(answer["Mcp-Session-Id"].empty());
    EXPECT_TRUE(connection.read_until_closed(2s).closed);

    McpSession session(port());
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
    bj::object big_ping = session.next_request("ping");
    big_ping["params"].as_object()["padding"] = std::string(4096, 'p');
    EXPECT_TRUE(is_error_answer(session.post(big_ping), 413));
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

TEST_F(HttpSecurityTest, ABodyJustUnderTheLimitIsServed) {
    start_http("", "limits:\n  max_message_bytes: 2048\n");
    McpSession session(port());
    const std::string message(1500, 'm');
    const auto result =
        result_of(session.request("tools/call", tool_call("echo", {{"message", message}})));
    EXPECT_EQ(first_text(result), message);
}

TEST_F(HttpSecurityTest, AnOversizeChunkedBodyIs413) {
    start_http("", "limits:\n  max_message_bytes: 2048\n");
    HttpConnection connection(port());
    std::string raw =
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Accept: application/json, text/event-stream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    const std::string chunk(1000, ' ');
    for (int i = 0; i < 4; ++i)
        raw += "3e8\r\n" + chunk + "\r\n";
    raw += "0\r\n\r\n";
    ASSERT_TRUE(connection.write_raw(raw));
    EXPECT_EQ(connection.read_response().result_int(), 413);
}

TEST_F(HttpSecurityTest, AHugeDeclaredLengthIs413WithoutWaitingForTheBody) {
    start_http("request_timeout_ms: 10000\n", "limits:\n  max_message_bytes: 2048\n");
    HttpConnection connection(port());
    ASSERT_TRUE(connection.write_raw(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Accept: application/json, text/event-stream\r\nContent-Length: 1000000000\r\n\r\n{"));
    EXPECT_EQ(connection.read_response(2s).result_int(), 413);
}

TEST_F(HttpSecurityTest, MalformedRequestsAreRefusedAndTheDaemonServesOn) {
    start_http();
    for (const std::string& raw :
         {std::string("GARBAGE\r\n\r\n"),
          std::string("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n"),
          std::string("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                      "Content-Length: 7\r\n\r\n12345"),
          std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
          std::string("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n")}) {
        HttpConnection connection(port());
        ASSERT_TRUE(connection.write_raw(raw));
        const RawReply reply = connection.read_until_closed(3s);
        EXPECT_TRUE(reply.closed) << "still open after: " << raw;
        EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 2", 0), std::string::npos)
            << "served: " << raw << "\nreply: " << reply.bytes;
    }
    McpSession session(port());
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

}  // namespace
}  // namespace plugboard::integration
