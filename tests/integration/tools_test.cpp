// tools/list (with pagination) and tools/call, including bad input.
#include <set>
#include <string>
#include <vector>

#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using ToolsTest = DaemonTest;

const std::set<std::string> kBundledTools = {"echo", "add", "bmi", "long_task"};

constexpr std::string_view kManyToolsConfig = R"(limits:
  page_size: ${PAGE_SIZE}
plugins:
${BUNDLED}
  slow: {path: ${TEST_PLUGINS}/slow.so}
  events: {path: ${TEST_PLUGINS}/events.so}
)";

std::string many_tools_config(int page_size) {
    std::string config(kManyToolsConfig);
    config.replace(config.find("${PAGE_SIZE}"), 12, std::to_string(page_size));
    return config;
}

// Every tool name, following nextCursor; also checks each page's size.
std::vector<std::string> walk_pages(DaemonProcess& daemon, std::size_t page_size) {
    std::vector<std::string> names;
    bj::object params;
    for (int pages = 0; pages < 100; ++pages) {
        const auto result = result_of(daemon.request("tools/list", params));
        const auto& tools = result.at("tools").as_array();
        EXPECT_LE(tools.size(), page_size);
        for (const auto& tool : tools)
            names.emplace_back(tool.at("name").as_string());
        const bj::value* cursor = result.if_contains("nextCursor");
        if (cursor == nullptr) return names;
        EXPECT_EQ(tools.size(), page_size) << "only the last page may be short";
        params = {{"cursor", *cursor}};
    }
    ADD_FAILURE() << "tools/list did not end after 100 pages";
    return names;
}

TEST_F(ToolsTest, ListsExactlyTheBundledTools) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result = result_of(daemon.request("tools/list"));
    EXPECT_EQ(members(result.at("tools").as_array()), kBundledTools);
    EXPECT_FALSE(result.contains("nextCursor"));
}

TEST_F(ToolsTest, ListsTestPluginToolsWhenConfigured) {
    auto& daemon = start_initialized(many_tools_config(100));
    auto expected = kBundledTools;
    expected.insert({"sleep", "add_tool", "remove_tool", "touch", "ask"});
    EXPECT_EQ(members(result_of(daemon.request("tools/list")).at("tools").as_array()), expected);
}

TEST_F(ToolsTest, ListsToolsWithTheirDefinitions) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto tools = result_of(daemon.request("tools/list")).at("tools").as_array();
    const auto echo = std::find_if(tools.begin(), tools.end(),
                                   [](const bj::value& tool) { return tool.at("name") == "echo"; });
    ASSERT_NE(echo, tools.end());
    EXPECT_EQ(echo->at("inputSchema").at("required"), bj::array{"message"});
    EXPECT_TRUE(echo->at("description").is_string());
}

TEST_F(ToolsTest, PagesOfOneGiveTheSameToolsAsOnePage) {
    auto& daemon = start_initialized(many_tools_config(100));
    const auto all_at_once = walk_pages(daemon, 100);
    ASSERT_EQ(all_at_once.size(), 9u);

    auto& paged_daemon = start_initialized(many_tools_config(1));
    const auto one_by_one = walk_pages(paged_daemon, 1);
    EXPECT_EQ(one_by_one.size(), all_at_once.size());
    EXPECT_EQ(std::set<std::string>(one_by_one.begin(), one_by_one.end()).size(), one_by_one.size())
        << "a tool was listed twice";
    EXPECT_EQ(std::set<std::string>(one_by_one.begin(), one_by_one.end()),
              std::set<std::string>(all_at_once.begin(), all_at_once.end()));
}

TEST_F(ToolsTest, RejectsACursorItDidNotIssue) {
    auto& daemon = start_initialized(kBundledConfig);
    EXPECT_EQ(error_code(daemon.request("tools/list", {{"cursor", "xyz"}})), -32602);
    EXPECT_EQ(error_code(daemon.request("tools/list", {{"cursor", 5}})), -32602);
}

TEST_F(ToolsTest, CallsEcho) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result =
        result_of(daemon.request("tools/call", tool_call("echo", {{"message", "héllo \"x\""}})));
    EXPECT_EQ(first_text(result), "héllo \"x\"");
    EXPECT_FALSE(is_tool_error(result));
}

TEST_F(ToolsTest, EchoesAMessageLargerThanAPipeBuffer) {
    auto& daemon = start_initialized(kBundledConfig);
    std::string message(300'000, 'a');
    for (std::size_t i = 0; i < message.size(); i += 7)
        message[i] = static_cast<char>('a' + i % 26);
    const auto result =
        result_of(daemon.request("tools/call", tool_call("echo", {{"message", message}})));
    EXPECT_EQ(first_text(result), message);
}

TEST_F(ToolsTest, AudioBecomesTextForRevisionsWithoutAudio) {
    constexpr std::string_view kConformance = R"(plugins:
  conformance:
    path: ${TEST_PLUGINS}/conformance.so
    config: {watched_resource_interval_ms: 0}
)";
    auto& old_daemon = start_initialized(kConformance, {}, "2024-11-05");
    const auto old_result =
        result_of(old_daemon.request("tools/call", tool_call("test_audio_content")));
    const auto& old_block = old_result.at("content").at(0);
    EXPECT_EQ(old_block.at("type"), "text");
    EXPECT_NE(first_text(old_result).find("audio"), std::string::npos) << first_text(old_result);

    auto& daemon = start_initialized(kConformance, {}, "2025-03-26");
    const auto result = result_of(daemon.request("tools/call", tool_call("test_audio_content")));
    EXPECT_EQ(result.at("content").at(0).at("type"), "audio");
    EXPECT_EQ(result.at("content").at(0).at("mimeType"), "audio/wav");
}

TEST_F(ToolsTest, PassesThePluginConfigToInit) {
    auto& daemon = start_initialized(
        "plugins:\n  echo:\n    path: ${PLUGINS}/echo.so\n    config: {prefix: \"> \"}\n");
    const auto result =
        result_of(daemon.request("tools/call", tool_call("echo", {{"message", "hi"}})));
    EXPECT_EQ(first_text(result), "> hi");
}

TEST_F(ToolsTest, CallsCalculatorAdd) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result =
        result_of(daemon.request("tools/call", tool_call("add", {{"a", 2}, {"b", 3.5}})));
    EXPECT_EQ(first_text(result), "5.5");
}

TEST_F(ToolsTest, MissingRequiredArgumentIsAToolError) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result = result_of(daemon.request("tools/call", tool_call("echo")));
    EXPECT_TRUE(is_tool_error(result));
    EXPECT_NE(first_text(result).find("message"), std::string::npos) << first_text(result);
}

TEST_F(ToolsTest, ArgumentOfTheWrongTypeIsAToolError) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result =
        result_of(daemon.request("tools/call", tool_call("echo", {{"message", 5}})));
    EXPECT_TRUE(is_tool_error(result));
    EXPECT_NE(first_text(result).find("/message"), std::string::npos) << first_text(result);
}

TEST_F(ToolsTest, UnknownToolIsInvalidParams) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto response = daemon.request("tools/call", tool_call("no_such_tool"));
    EXPECT_EQ(error_code(response), -32602);
    EXPECT_NE(error_message(response).find("no_such_tool"), std::string::npos);
}

TEST_F(ToolsTest, ArgumentsThatAreNotAnObjectAreInvalidParams) {
    auto& daemon = start_initialized(kBundledConfig);
    EXPECT_EQ(
        error_code(daemon.request("tools/call", {{"name", "echo"}, {"arguments", bj::array{1}}})),
        -32602);
    EXPECT_EQ(error_code(daemon.request("tools/call", {{"arguments", bj::object{}}})), -32602);
}

}  // namespace
}  // namespace plugboard::integration
