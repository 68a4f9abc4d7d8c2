// Ending the daemon: end of input and SIGTERM, with and without calls in
// flight; stdout stays clean to the end.
#include <chrono>

#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using Clock = std::chrono::steady_clock;
using ShutdownTest = DaemonTest;

constexpr std::string_view kSlowConfig =
    "plugins:\n${BUNDLED}\n  slow: {path: ${TEST_PLUGINS}/slow.so}\n";

TEST_F(ShutdownTest, EndOfInputLetsACallInFlightFinishThenExitsZero) {
    auto& daemon = start_initialized(kSlowConfig);
    const auto sleep = daemon.send_request("tools/call", tool_call("sleep", {{"ms", 300}}));
    // Once this is answered, the sleep is surely in flight.
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    daemon.close_stdin();
    const auto response = daemon.wait_response(sleep, Milliseconds(3000));
    ASSERT_TRUE(response.has_value()) << daemon.stderr_text();
    EXPECT_EQ(first_text(result_of(*response)), "slept 300 ms");
    EXPECT_EQ(daemon.wait_exit(Milliseconds(3000)), 0) << daemon.stderr_text();
    EXPECT_TRUE(daemon.read_remaining_lines().empty());
}

TEST_F(ShutdownTest, EndOfInputWhileIdleExitsZero) {
    auto& daemon = start_initialized(kBundledConfig);
    daemon.close_stdin();
    EXPECT_EQ(daemon.wait_exit(Milliseconds(2000)), 0) << daemon.stderr_text();
    EXPECT_TRUE(daemon.read_remaining_lines().empty());
}

TEST_F(ShutdownTest, EndOfInputRightAfterARequestStillAnswersIt) {
    auto& daemon = start(kBundledConfig);
    daemon.send_line(R"({"jsonrpc":"2.0","id":"last","method":"ping"})");
    daemon.close_stdin();
    EXPECT_EQ(daemon.wait_exit(Milliseconds(2000)), 0) << daemon.stderr_text();
    const auto lines = daemon.read_remaining_lines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(bj::parse(lines.front()), bj::parse(R"({"jsonrpc":"2.0","id":"last","result":{}})"));
}

TEST_F(ShutdownTest, SigtermWhileIdleExitsZeroQuickly) {
    auto& daemon = start_initialized(kBundledConfig);
    // An answer means the daemon serves, so its signal handling is set up.
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    const auto sent = Clock::now();
    daemon.terminate();
    EXPECT_EQ(daemon.wait_exit(Milliseconds(2000)), 0) << daemon.stderr_text();
    EXPECT_LT(Clock::now() - sent, Milliseconds(2000));
    EXPECT_TRUE(daemon.read_remaining_lines().empty());
    EXPECT_TRUE(daemon.wait_stderr("SIGTERM")) << daemon.stderr_text();
}

TEST_F(ShutdownTest, SigtermLetsACallInFlightFinish) {
    auto& daemon = start_initialized(kSlowConfig);
    const auto sleep = daemon.send_request("tools/call", tool_call("sleep", {{"ms", 300}}));
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    daemon.terminate();
    const auto response = daemon.wait_response(sleep, Milliseconds(3000));
    ASSERT_TRUE(response.has_value()) << daemon.stderr_text();
    EXPECT_EQ(first_text(result_of(*response)), "slept 300 ms");
    EXPECT_EQ(daemon.wait_exit(Milliseconds(3000)), 0) << daemon.stderr_text();
}

}  // namespace
}  // namespace plugboard::integration
