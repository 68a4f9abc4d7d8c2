// A slow call does not hold up the others, and cancellation ends it without
// a response.
#include <algorithm>
#include <chrono>
#include <vector>

#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using Clock = std::chrono::steady_clock;
using ConcurrencyTest = DaemonTest;

constexpr std::string_view kSlowConfig =
    "plugins:\n${BUNDLED}\n  slow: {path: ${TEST_PLUGINS}/slow.so}\n";

// Where the response with `id` is among the messages received so far.
std::ptrdiff_t arrival_of(const DaemonProcess& daemon, std::int64_t id) {
    const auto& received = daemon.received();
    const auto it = std::find_if(received.begin(), received.end(), [&](const bj::value& message) {
        const bj::value* message_id =
            message.is_object() ? message.get_object().if_contains("id") : nullptr;
        return message_id != nullptr && *message_id == id &&
               !message.get_object().contains("method");
    });
    return it == received.end() ? -1 : it - received.begin();
}

TEST_F(ConcurrencyTest, PingAndOtherCallsOvertakeASlowCall) {
    auto& daemon = start_initialized(kSlowConfig);
    const auto sleep = daemon.send_request("tools/call", tool_call("sleep", {{"ms", 2000}}));
    const auto started = Clock::now();
    const auto ping = daemon.send_request("ping");
    const auto echo =
        daemon.send_request("tools/call", tool_call("echo", {{"message", "meanwhile"}}));
    const auto quick_sleep = daemon.send_request("tools/call", tool_call("sleep", {{"ms", 0}}));

    const auto ping_response = daemon.wait_response(ping, Milliseconds(1000));
    ASSERT_TRUE(ping_response.has_value());
    EXPECT_EQ(result_of(*ping_response), bj::object{});
    const auto echo_response = daemon.wait_response(echo, Milliseconds(1000));
    ASSERT_TRUE(echo_response.has_value());
    EXPECT_EQ(first_text(result_of(*echo_response)), "meanwhile");
    const auto quick_response = daemon.wait_response(quick_sleep, Milliseconds(1000));
    ASSERT_TRUE(quick_response.has_value());
    EXPECT_EQ(first_text(result_of(*quick_response)), "slept 0 ms");
    EXPECT_LT(Clock::now() - started, Milliseconds(1500));

    const auto slow = daemon.wait_response(sleep, Milliseconds(4000));
    ASSERT_TRUE(slow.has_value());
    EXPECT_EQ(first_text(result_of(*slow)), "slept 2000 ms");
    EXPECT_GE(Clock::now() - started, Milliseconds(1900));
    for (const auto other : {ping, echo, quick_sleep}) {
        EXPECT_LT(arrival_of(daemon, other), arrival_of(daemon, sleep)) << "request " << other;
    }
}

TEST_F(ConcurrencyTest, BlockedHandlersOnMoreThreadsThanCoresDoNotStallOtherCalls) {
    auto& daemon = start_initialized(kSlowConfig);
    std::vector<std::int64_t> sleeps;
    for (int i = 0; i < 4; ++i) {
        sleeps.push_back(daemon.send_request("tools/call", tool_call("sleep", {{"ms", 1500}})));
    }
    const auto echo =
        daemon.send_request("tools/call", tool_call("echo", {{"message", "still here"}}));
    const auto echo_response = daemon.wait_response(echo, Milliseconds(1000));
    ASSERT_TRUE(echo_response.has_value()) << "four blocked handlers starved the plugin pool";
    EXPECT_EQ(first_text(result_of(*echo_response)), "still here");
    for (const auto sleep : sleeps) {
        const auto slept = daemon.wait_response(sleep, Milliseconds(4000));
        ASSERT_TRUE(slept.has_value());
        EXPECT_EQ(first_text(result_of(*slept)), "slept 1500 ms");
        EXPECT_LT(arrival_of(daemon, echo), arrival_of(daemon, sleep));
    }
}

TEST_F(ConcurrencyTest, ACancelledCallIsNeverAnswered) {
    auto& daemon = start_initialized(kSlowConfig);
    const auto started = Clock::now();
    const auto sleep = daemon.send_request("tools/call", tool_call("sleep", {{"ms", 600}}));
    daemon.notify("notifications/cancelled", {{"requestId", sleep}, {"reason", "changed my mind"}});
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    // Past the sleep's natural end: had the cancellation been lost, its answer would be here.
    const auto waited = std::chrono::duration_cast<Milliseconds>(Clock::now() - started);
    const auto late = daemon.wait_response(sleep, Milliseconds(900) - waited);
    EXPECT_FALSE(late.has_value()) << bj::serialize(*late);
    const auto echo =
        result_of(daemon.request("tools/call", tool_call("echo", {{"message", "next"}})));
    EXPECT_EQ(first_text(echo), "next");
}

TEST_F(ConcurrencyTest, CancellingAnAnsweredRequestIsIgnored) {
    auto& daemon = start_initialized(kSlowConfig);
    const auto ping = daemon.send_request("ping");
    ASSERT_TRUE(daemon.wait_response(ping).has_value());
    daemon.notify("notifications/cancelled", {{"requestId", ping}});
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
}

TEST_F(ConcurrencyTest, RefusesCallsBeyondTheInFlightLimit) {
    auto& daemon =
        start_initialized("limits: {max_in_flight_per_session: 1}\n" + std::string(kSlowConfig));
    const auto sleep = daemon.send_request("tools/call", tool_call("sleep", {{"ms", 300}}));
    const auto refused = daemon.request("tools/call", tool_call("echo", {{"message", "too many"}}));
    EXPECT_EQ(error_code(refused), -32603);
    EXPECT_NE(error_message(refused).find("in flight"), std::string::npos)
        << error_message(refused);
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    const auto slept = daemon.wait_response(sleep);
    ASSERT_TRUE(slept.has_value());
    EXPECT_EQ(first_text(result_of(*slept)), "slept 300 ms");
    EXPECT_EQ(first_text(
                  result_of(daemon.request("tools/call", tool_call("echo", {{"message", "now"}})))),
              "now");
}

TEST_F(ConcurrencyTest, AReusedIdOfARequestInFlightIsRefused) {
    auto& daemon = start_initialized(kSlowConfig);
    const bj::object call{{"jsonrpc", "2.0"},
                          {"id", "dup"},
                          {"method", "tools/call"},
                          {"params", tool_call("sleep", {{"ms", 300}})}};
    daemon.send(call);
    daemon.send(call);
    const auto first = daemon.read_message();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->at("id"), "dup");
    EXPECT_EQ(error_code(first->as_object()), -32600);
    const auto second = daemon.read_message();
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(first_text(result_of(second->as_object())), "slept 300 ms");
}

}  // namespace
}  // namespace plugboard::integration
