// Connections that misbehave or compete: stalled and trickling requests,
// idle and pipelined connections, many at once, slow calls next to quick
// ones, and SIGTERM while streams and calls are open.
#include <sstream>
#include <thread>

#include "http_fixture.hpp"

namespace plugboard::integration {
namespace {

using HttpConnectionsTest = HttpTest;
using Clock = std::chrono::steady_clock;

Milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<Milliseconds>(Clock::now() - start);
}

std::string serialized(const HttpRequest& request) {
    std::ostringstream out;
    out << request;
    return out.str();
}

TEST_F(HttpConnectionsTest, AStalledRequestIsClosedAfterTheRequestTimeoutWhileOthersAreServed) {
    start_http("request_timeout_ms: 500\n");
    HttpConnection stalled(port());
    const auto started = Clock::now();
    ASSERT_TRUE(
        stalled.write_raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Type: application/json\r\n"));
    McpSession session(port());
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});

    const RawReply reply = stalled.read_until_closed(3s);
    EXPECT_TRUE(reply.closed) << "a half-sent request kept its connection for 3 s";
    EXPECT_GE(since(started), 400ms) << "closed before the request timeout";
    EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 2", 0), std::string::npos) << reply.bytes;
}

TEST_F(HttpConnectionsTest, AStalledBodyIsClosedAfterTheRequestTimeout) {
    start_http("request_timeout_ms: 500\n");
    McpSession session(port());
    HttpConnection stalled(port());
    auto request = session.post_request(session.next_request("ping"));
    std::string raw = serialized(request);
    raw.resize(raw.size() - 5);
    const auto started = Clock::now();
    ASSERT_TRUE(stalled.write_raw(raw));
    EXPECT_TRUE(stalled.read_until_closed(3s).closed);
    EXPECT_GE(since(started), 400ms);
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

TEST_F(HttpConnectionsTest, ATricklingRequestIsClosedAtTheRequestTimeout) {
    start_http("request_timeout_ms: 500\nidle_connection_timeout_ms: 60000\n");
    HttpConnection trickling(port());
    const std::string raw =
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(200, 'z') + "\r\n\r\n";
    // One byte every 50 ms: never idle, never done. Writes fail once it is closed.
    for (std::size_t i = 0; i < 30; ++i) {
        if (!trickling.write_raw(raw.substr(i, 1), 200ms)) break;
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_TRUE(trickling.read_until_closed(2s).closed)
        << "a request trickling in for 1.5 s outlived a 500 ms request timeout";
}

TEST_F(HttpConnectionsTest, IdleConnectionsAreClosed) {
    start_http("idle_connection_timeout_ms: 300\n");
    HttpConnection silent(port());
    EXPECT_TRUE(silent.read_until_closed(3s).closed) << "a connection that never sent a byte";

    McpSession session(port());
    HttpConnection kept_alive(port());
    const auto answer = kept_alive.exchange(session.post_request(session.next_request("ping")));
    EXPECT_EQ(answer.result_int(), 200);
    EXPECT_TRUE(kept_alive.read_until_closed(3s).closed) << "an idle keep-alive connection";
}

TEST_F(HttpConnectionsTest, AClientThatStopsReadingIsDroppedAfterTheWriteTimeout) {
    start_http("write_timeout_ms: 300\n", "limits:\n  max_message_bytes: 33554432\n");
    McpSession session(port());
    // An answer far larger than the socket buffers, so writing it must stall.
    const std::string message(12 * 1024 * 1024, 'm');
    HttpConnection reluctant(port());
    ASSERT_TRUE(reluctant.write_raw(serialized(session.post_request(
        session.next_request("tools/call", tool_call("echo", {{"message", message}}))))));
    // Once the big message is arriving (not just the headers or a priming
    // event of a slow answer), its write stalls on full buffers.
    constexpr std::size_t kUnderway = 64 * 1024;
    const auto deadline = Clock::now() + 10s;
    while (reluctant.bytes_waiting() < kUnderway && Clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    ASSERT_GE(reluctant.bytes_waiting(), kUnderway) << "the answer did not begin within 10 s";
    std::this_thread::sleep_for(1s);
    EXPECT_EQ(result_of(session.request("ping")), bj::object{}) << "while one write stalls";
    const RawReply reply = reluctant.read_until_closed(3s);
    EXPECT_EQ(reply.bytes.rfind("HTTP/1.1 200", 0), 0u) << reply.bytes.substr(0, 200);
    EXPECT_TRUE(reply.closed);
    EXPECT_LT(reply.bytes.size(), message.size()) << "the whole answer waited for the client";
}

TEST_F(HttpConnectionsTest, AKeptAliveConnectionServesRequestAfterRequest) {
    start_http();
    McpSession session(port());
    HttpConnection connection(port());
    for (int i = 0; i < 5; ++i) {
        const auto answer = connection.exchange(session.post_request(session.next_request("ping")));
        EXPECT_EQ(result_of(rpc_response(answer)), bj::object{}) << "request " << i;
    }
}

TEST_F(HttpConnectionsTest, PipelinedRequestsAreAnsweredInOrder) {
    start_http();
    McpSession session(port());
    HttpConnection connection(port());
    ASSERT_TRUE(connection.write_raw(serialized(session.post_request(rpc_request(1, "ping"))) +
                                     serialized(session.post_request(rpc_request(2, "ping")))));
    EXPECT_EQ(rpc_response(connection.read_response()).at("id"), 1);
    EXPECT_EQ(rpc_response(connection.read_response()).at("id"), 2);
}

TEST_F(HttpConnectionsTest, ManyOpenConnectionsDoNotStopTheDaemonServing) {
    start_http();
    std::vector<std::unique_ptr<HttpConnection>> crowd;
    for (int i = 0; i < 100; ++i)
        crowd.push_back(std::make_unique<HttpConnection>(port()));
    McpSession session(port());
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

TEST_F(HttpConnectionsTest, ASlowCallDoesNotStallOtherRequests) {
    start_http();
    McpSession slow_session(port());
    McpSession quick_session(port());
    HttpConnection slow_call(port());
    ASSERT_EQ(slow_call
                  .open_stream(slow_session.post_request(slow_session.next_request(
                                   "tools/call", tool_call("sleep", {{"ms", 3000}}))),
                               2s)
                  .result_int(),
              200);

    auto started = Clock::now();
    EXPECT_EQ(result_of(quick_session.request("ping", {}, 1s)), bj::object{});
    EXPECT_LT(since(started), 1s) << "another session's ping";
    started = Clock::now();
    EXPECT_EQ(result_of(slow_session.request("ping", {}, 1s)), bj::object{});
    EXPECT_LT(since(started), 1s) << "the same session's ping";

    const auto response = slow_call.next_message(5s);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(first_text(result_of(*response)), "slept 3000 ms");
}

TEST_F(HttpConnectionsTest, SigtermWithAnOpenStreamExitsZeroPromptly) {
    start_http();
    McpSession session(port());
    HttpConnection stream(port());
    ASSERT_EQ(stream.open_stream(session.get_request()).result_int(), 200);
    const auto started = Clock::now();
    EXPECT_EQ(http_->stop(3s), 0);
    EXPECT_LT(since(started), 3s);
    while (stream.next_event(1s)) {
    }
    EXPECT_TRUE(stream.stream_ended());
}

TEST_F(HttpConnectionsTest, SigtermLetsACallInFlightFinish) {
    start_http();
    McpSession session(port());
    HttpConnection call(port());
    ASSERT_EQ(call.open_stream(session.post_request(session.next_request(
                                   "tools/call", tool_call("sleep", {{"ms", 1000}}))),
                               2s)
                  .result_int(),
              200);
    std::this_thread::sleep_for(200ms);
    http_->terminate();
    std::this_thread::sleep_for(200ms);
    bool late_session_served = false;
    try {
        McpSession late(port());
        late_session_served = true;
    } catch (const std::exception&) {
        // Refused or not answered: what a daemon that stopped accepting does.
    }
    EXPECT_FALSE(late_session_served) << "a new session opened during shutdown";
    const auto response = call.next_message(4s);
    ASSERT_TRUE(response.has_value()) << "the call in flight was not answered";
    EXPECT_EQ(first_text(result_of(*response)), "slept 1000 ms");
    EXPECT_EQ(http_->wait_exit(5s), 0);
}

}  // namespace
}  // namespace plugboard::integration
