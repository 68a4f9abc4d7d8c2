// notifications/progress for requests with a progressToken, and
// notifications/message filtered by logging/setLevel.
#include <algorithm>

#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using ProgressLoggingTest = DaemonTest;

constexpr std::string_view kConfig = R"(plugins:
${BUNDLED}
  conformance:
    path: ${TEST_PLUGINS}/conformance.so
    config: {watched_resource_interval_ms: 0}
)";

bj::object long_task(int steps, bj::value progress_token = nullptr) {
    bj::object params = tool_call("long_task", {{"steps", steps}, {"step_ms", 10}});
    if (!progress_token.is_null()) params["_meta"] = {{"progressToken", std::move(progress_token)}};
    return params;
}

double number(const bj::value& value) {
    return value.to_number<double>();
}

TEST_F(ProgressLoggingTest, ReportsIncreasingProgressWithTheTokenBeforeTheResult) {
    auto& daemon = start_initialized(kConfig);
    const auto result = result_of(daemon.request("tools/call", long_task(3, "tok-1")));
    EXPECT_EQ(first_text(result).rfind("Completed 3 steps", 0), 0u) << first_text(result);

    const auto progress = daemon.notifications("notifications/progress");
    ASSERT_EQ(progress.size(), 3u);
    for (std::size_t i = 0; i < progress.size(); ++i) {
        const auto& params = progress[i].at("params").as_object();
        EXPECT_EQ(params.at("progressToken"), "tok-1");
        EXPECT_EQ(number(params.at("progress")), static_cast<double>(i + 1));
        EXPECT_EQ(number(params.at("total")), 3.0);
        EXPECT_EQ(params.at("message"), bj::value("step " + std::to_string(i + 1) + " of 3"));
    }
    // The result came last.
    EXPECT_TRUE(daemon.received().back().as_object().contains("result"));
}

TEST_F(ProgressLoggingTest, EchoesAnIntegerToken) {
    auto& daemon = start_initialized(kConfig);
    result_of(daemon.request("tools/call", long_task(2, 42)));
    const auto progress = daemon.notifications("notifications/progress");
    ASSERT_EQ(progress.size(), 2u);
    EXPECT_EQ(progress[0].at("params").at("progressToken"), 42);
}

TEST_F(ProgressLoggingTest, Revision20241105ProgressHasNoMessage) {
    auto& daemon = start_initialized(kConfig, {}, "2024-11-05");
    result_of(daemon.request("tools/call", long_task(1, "old")));
    const auto progress = daemon.notifications("notifications/progress");
    ASSERT_EQ(progress.size(), 1u);
    EXPECT_FALSE(progress[0].at("params").as_object().contains("message"));
}

TEST_F(ProgressLoggingTest, SendsNoProgressWithoutAToken) {
    auto& daemon = start_initialized(kConfig);
    result_of(daemon.request("tools/call", long_task(3)));
    result_of(daemon.request("tools/call", tool_call("test_tool_with_progress")));
    EXPECT_TRUE(daemon.notifications("notifications/progress").empty());
}

TEST_F(ProgressLoggingTest, LogLevelErrorHidesInfoMessages) {
    auto& daemon = start_initialized(kConfig);
    EXPECT_EQ(result_of(daemon.request("logging/setLevel", {{"level", "error"}})), bj::object{});
    const auto result =
        result_of(daemon.request("tools/call", tool_call("test_tool_with_logging")));
    EXPECT_EQ(first_text(result), "Tool with logging executed successfully");
    EXPECT_TRUE(daemon.notifications("notifications/message").empty());
}

TEST_F(ProgressLoggingTest, LogLevelDebugLetsInfoMessagesThrough) {
    auto& daemon = start_initialized(kConfig);
    EXPECT_EQ(result_of(daemon.request("logging/setLevel", {{"level", "debug"}})), bj::object{});
    result_of(daemon.request("tools/call", tool_call("test_tool_with_logging")));
    const auto messages = daemon.notifications("notifications/message");
    ASSERT_EQ(messages.size(), 3u);
    const char* expected[] = {"Tool execution started", "Tool processing data",
                              "Tool execution completed"};
    for (std::size_t i = 0; i < messages.size(); ++i) {
        EXPECT_EQ(
            messages[i].at("params"),
            (bj::object{{"level", "info"}, {"logger", "conformance"}, {"data", expected[i]}}));
    }
}

TEST_F(ProgressLoggingTest, RejectsAnUnknownLogLevel) {
    auto& daemon = start_initialized(kConfig);
    EXPECT_EQ(error_code(daemon.request("logging/setLevel", {{"level", "loud"}})), -32602);
    EXPECT_EQ(error_code(daemon.request("logging/setLevel")), -32602);
}

}  // namespace
}  // namespace plugboard::integration
