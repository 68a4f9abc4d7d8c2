// The session's request path: handshake, tools/call end to end, and every
// way a plugin call can end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "protocol/errors.hpp"
#include "session_harness.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

int error_code(const bj::value& response) {
    return static_cast<int>(response.at("error").at("code").as_int64());
}
std::string error_message(const bj::value& response) {
    return std::string(response.at("error").at("message").as_string());
}

TEST(Session, InitializeAnswersWithRevisionCapabilitiesAndServerInfo) {
    SessionHarness harness;
    harness.add_tool("echo", echo_handler);
    const bj::value response = harness.request(
        "1", "initialize",
        R"({"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}})");
    EXPECT_EQ(response.at("jsonrpc"), "2.0");
    EXPECT_EQ(response.at("id"), 1);
    EXPECT_EQ(response.at("result"), bj::parse(R"({
        "protocolVersion":"2025-06-18",
        "capabilities":{"tools":{"listChanged":true},"logging":{}},
        "serverInfo":{"name":"plugboard-test","version":"9.9.9"},
        "instructions":"Be nice"})"));
}

TEST(Session, UnknownRevisionGetsTheLatest) {
    SessionHarness harness;
    const bj::value response =
        harness.request("1", "initialize", R"({"protocolVersion":"1999-01-01"})");
    EXPECT_EQ(response.at("result").at("protocolVersion"), "2025-11-25");
    EXPECT_EQ(response.at("result").at("capabilities"), bj::parse(R"({"logging":{}})"));
}

TEST(Session, InitializeNeedsAProtocolVersionAndComesOnce) {
    SessionHarness harness;
    EXPECT_EQ(error_code(harness.request("1", "initialize", R"({"capabilities":{}})")),
              protocol::kInvalidParams);
    EXPECT_TRUE(harness.request("2", "initialize", R"({"protocolVersion":"2025-11-25"})")
                    .as_object()
                    .contains("result"));
    const bj::value again =
        harness.request("3", "initialize", R"({"protocolVersion":"2025-11-25"})");
    EXPECT_EQ(error_code(again), protocol::kInvalidRequest);
    EXPECT_EQ(error_message(again), "initialize was already received");
}

TEST(Session, OnlyPingIsAnsweredBeforeInitialize) {
    SessionHarness harness;
    EXPECT_EQ(harness.request("1", "ping").at("result"), bj::object{});
    const bj::value refused = harness.request("2", "tools/list");
    EXPECT_EQ(error_code(refused), protocol::kInvalidRequest);
    EXPECT_EQ(error_message(refused), "The session is not initialized: send initialize first");
}

TEST(Session, InitializedNotificationBeforeInitializeChangesNothing) {
    SessionHarness harness;
    harness.feed_notification("notifications/initialized");
    EXPECT_TRUE(harness.sent.empty());
    EXPECT_EQ(error_code(harness.request("1", "tools/list")), protocol::kInvalidRequest);
}

TEST(Session, AnswersBrokenFramesWithTheRightError) {
    SessionHarness harness;
    harness.handshake();
    harness.feed("{not json");
    const auto parse_errors = harness.responses("null");
    ASSERT_EQ(parse_errors.size(), 1u);
    EXPECT_EQ(error_code(parse_errors[0]), protocol::kParseError);
    EXPECT_THAT(error_message(parse_errors[0]), StartsWith("Parse error: "));

    harness.feed(R"({"jsonrpc":"2.0","id":"p","method":"tools/list","params":[]})");
    EXPECT_EQ(error_code(harness.wait_response(R"("p")")), protocol::kInvalidParams);

    EXPECT_EQ(error_code(harness.request("9", "no/such/method")), protocol::kMethodNotFound);

    harness.sent.clear();
    harness.feed(R"({"jsonrpc":"2.0","method":"notifications/whatever","params":[]})");
    EXPECT_TRUE(harness.sent.empty());
}

TEST(Session, OversizedFrameGetsAnErrorWithNullId) {
    SessionHarness harness;
    boost::asio::post(harness.strand, [&] { harness.session->reject_oversized_frame(1024); });
    harness.run_ready();
    const auto responses = harness.responses("null");
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(error_code(responses[0]), protocol::kInvalidRequest);
    EXPECT_THAT(error_message(responses[0]), HasSubstr("1024"));
}

TEST(Session, ToolsListAndCallEndToEnd) {
    SessionHarness harness;
    harness.add_tool("echo", echo_handler,
                     R"({"type":"object","properties":{"x":{"type":"integer"}}})");
    harness.handshake();

    const bj::value list = harness.request("1", "tools/list");
    EXPECT_EQ(list.at("result"), bj::parse(R"({"tools":[{"name":"echo","inputSchema":
        {"type":"object","properties":{"x":{"type":"integer"}}}}]})"));

    const std::string params = R"({"name":"echo","arguments":{"x":1},"_meta":{"k":"v"}})";
    const bj::value call = harness.request(R"("call-1")", "tools/call", params);
    ASSERT_TRUE(call.as_object().contains("result")) << bj::serialize(call);
    const bj::value& echo = call.at("result").at("echo");
    EXPECT_EQ(echo.at("kind"), PB_ITEM_TOOL);
    EXPECT_EQ(echo.at("method"), "tools/call");
    EXPECT_EQ(echo.at("arguments"), bj::parse(R"({"x":1})"));
    EXPECT_EQ(echo.at("params"), bj::parse(params));
    EXPECT_TRUE(echo.at("uri").is_null());
    EXPECT_TRUE(echo.at("variables").is_null());
    EXPECT_TRUE(harness.run_until([&] { return harness.probe.handler_runs.load() == 1; }));
}

TEST(Session, ToolWithoutArgumentsGetsAnEmptyObject) {
    SessionHarness harness;
    harness.add_tool("echo", echo_handler);
    harness.handshake();
    const bj::value call = harness.request("1", "tools/call", R"({"name":"echo"})");
    EXPECT_EQ(call.at("result").at("echo").at("arguments"), bj::object{});
}

TEST(Session, UnknownToolIsInvalidParams) {
    SessionHarness harness;
    harness.handshake();
    const bj::value response = harness.request("1", "tools/call", R"({"name":"nope"})");
    EXPECT_EQ(error_code(response), protocol::kInvalidParams);
    EXPECT_EQ(error_message(response), "Unknown tool: nope");
}

TEST(Session, InvalidArgumentsAreAToolErrorTheModelCanRead) {
    SessionHarness harness;
    harness.add_tool("typed", echo_handler,
                     R"({"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]})");
    harness.handshake();
    const bj::value response =
        harness.request("1", "tools/call", R"({"name":"typed","arguments":{"n":"x"}})");
    ASSERT_TRUE(response.as_object().contains("result")) << bj::serialize(response);
    EXPECT_EQ(response.at("result").at("isError"), true);
    const std::string text = first_text(response.at("result"));
    EXPECT_THAT(text, StartsWith("Invalid arguments for tool typed:\n- /n"));
    EXPECT_THAT(text, HasSubstr("integer"));

    const bj::value missing = harness.request("2", "tools/call", R"({"name":"typed"})");
    EXPECT_EQ(missing.at("result").at("isError"), true);
    EXPECT_THAT(first_text(missing.at("result")), HasSubstr("n"));
    EXPECT_EQ(harness.probe.handler_runs.load(), 0);
}

TEST(Session, MalformedPluginResultIsAnInternalError) {
    SessionHarness harness;
    harness.add_tool("broken", malformed_result_handler);
    harness.handshake();
    const bj::value response = harness.request("1", "tools/call", R"({"name":"broken"})");
    EXPECT_EQ(error_code(response), protocol::kInternalError);
    EXPECT_EQ(error_message(response), "the plugin returned a malformed result");
}

TEST(Session, SecondCompletionIsIgnored) {
    SessionHarness harness;
    harness.add_tool("twice", completes_twice_handler);
    harness.handshake();
    const bj::value response = harness.request("1", "tools/call", R"({"name":"twice"})");
    EXPECT_EQ(response.at("result"), bj::parse(R"({"content":[],"first":true})"));
    ASSERT_TRUE(harness.run_until([&] { return harness.probe.handler_runs.load() == 1; }));
    harness.run_ready();
    EXPECT_EQ(harness.responses("1").size(), 1u);
}

TEST(Session, CallPastItsDeadlineTimesOut) {
    SessionHarness harness;
    harness.plugin.call_timeout = std::chrono::milliseconds(30);
    harness.add_tool("stuck", deferring_handler);
    harness.handshake();
    const bj::value response = harness.request("1", "tools/call", R"({"name":"stuck"})");
    EXPECT_EQ(error_code(response), protocol::kInternalError);
    EXPECT_EQ(error_message(response), "Request timed out after 30 ms");
    EXPECT_EQ(harness.session->in_flight(), 0u);
    // Told even if its handler only registers the callback afterwards.
    const auto deferred = harness.probe.next_deferred();
    ASSERT_TRUE(deferred);
    EXPECT_EQ(harness.probe.cancel_notices.load(), 1);
    EXPECT_EQ(host_api().is_cancelled(deferred->call), 1);

    // The plugin still owes its completion; a late one reaches nobody.
    const std::string late = R"({"content":[]})";
    host_api().complete(deferred->call, PB_OK, late.data(), late.size());
    harness.run_ready();
    EXPECT_EQ(harness.responses("1").size(), 1u);
}

TEST(Session, CancelledRequestGetsNoResponse) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request(R"("r-1")", "tools/call", R"({"name":"slow"})");
    ASSERT_TRUE(harness.run_until([&] { return harness.probe.handler_runs.load() == 1; }));
    harness.feed_notification("notifications/cancelled", R"({"requestId":"r-1","reason":"user"})");
    ASSERT_TRUE(harness.run_until([&] { return harness.session->in_flight() == 0; }));
    EXPECT_EQ(harness.probe.cancel_notices.load(), 1);
    harness.probe.complete_deferred(PB_OK);
    harness.run_ready();
    EXPECT_TRUE(harness.sent.empty());
}

TEST(Session, CancellingAnUnknownRequestIsIgnored) {
    SessionHarness harness;
    harness.handshake();
    harness.feed_notification("notifications/cancelled", R"({"requestId":42})");
    harness.feed_notification("notifications/cancelled", R"({})");
    EXPECT_TRUE(harness.sent.empty());
    EXPECT_EQ(harness.request("1", "ping").at("result"), bj::object{});
}

// A client cancels with the id it used, written the same way. Ids are
// compared by their JSON text, so the daemon must read both the same way.
TEST(Session, CancellationFindsStringIdsWithEscapes) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request(R"("caf\u00e9")", "tools/call", R"({"name":"slow"})");
    ASSERT_TRUE(harness.run_until([&] { return harness.probe.handler_runs.load() == 1; }));
    harness.feed_notification("notifications/cancelled", R"({"requestId":"caf\u00e9"})");
    EXPECT_TRUE(harness.run_until([&] { return harness.session->in_flight() == 0; },
                                  std::chrono::milliseconds(200)));
    EXPECT_EQ(harness.probe.cancel_notices.load(), 1);
    harness.probe.complete_deferred(PB_OK);
    harness.run_until([&] { return harness.session->in_flight() == 0; });
    harness.run_ready();
    EXPECT_TRUE(harness.sent.empty()) << harness.sent.front();
}

TEST(Session, RefusesAnIdThatIsStillInFlight) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request("7", "tools/call", R"({"name":"slow"})");
    const bj::value duplicate = harness.request("7", "tools/call", R"({"name":"slow"})");
    EXPECT_EQ(error_code(duplicate), protocol::kInvalidRequest);
    EXPECT_EQ(error_message(duplicate), "A request with id 7 is still in flight");
    // The string "7" is another id.
    harness.feed_request(R"("7")", "tools/call", R"({"name":"slow"})");
    EXPECT_EQ(harness.session->in_flight(), 2u);
}

TEST(Session, LimitsRequestsInFlight) {
    config::Limits limits;
    limits.max_in_flight_per_session = 1;
    SessionHarness harness(limits);
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request("1", "tools/call", R"({"name":"slow"})");
    const bj::value refused = harness.request("2", "tools/call", R"({"name":"slow"})");
    EXPECT_EQ(error_code(refused), protocol::kInternalError);
    EXPECT_EQ(error_message(refused), "Too many requests in flight (limit 1)");
    // A finished call frees its place.
    const auto deferred = harness.probe.next_deferred();
    ASSERT_TRUE(deferred);
    const std::string result = R"({"content":[]})";
    host_api().complete(deferred->call, PB_OK, result.data(), result.size());
    harness.wait_response("1");
    harness.feed_request("3", "tools/call", R"({"name":"slow"})");
    EXPECT_TRUE(harness.run_until([&] { return harness.session->in_flight() == 1; }));
    EXPECT_TRUE(harness.responses("3").empty());
}

TEST(Session, PluginErrorStatusesBecomeJsonRpcErrors) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request("1", "tools/call", R"({"name":"slow"})");
    const auto deferred = harness.probe.next_deferred();
    ASSERT_TRUE(deferred);
    const std::string message = "bad \"input\"";
    host_api().complete(deferred->call, PB_ERR_INVALID_PARAMS, message.data(), message.size());
    const bj::value response = harness.wait_response("1");
    EXPECT_EQ(error_code(response), protocol::kInvalidParams);
    EXPECT_EQ(error_message(response), message);
}

}  // namespace
}  // namespace plugboard::core_test
