// The misbehaving plugins of tests/plugins: the daemon refuses the broken
// ones with one clear log line each, and survives the ones that misbehave
// while serving.
#include <chrono>
#include <sstream>
#include <vector>

#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

constexpr std::string_view kAllTestPlugins = R"(plugin_dirs: [${TEST_PLUGINS}]
plugins:
  bad_never_completes: {call_timeout_ms: 300}
)";

class MisbehavingPluginsTest : public DaemonTest {
  protected:
    DaemonProcess& start_all() {
        auto& daemon = start_initialized(kAllTestPlugins);
        // Logged once every plugin was tried.
        EXPECT_TRUE(daemon.wait_stderr("plugin(s) loaded")) << daemon.stderr_text();
        return daemon;
    }
};

std::vector<std::string> lines_with(const std::string& text, std::string_view needle) {
    std::vector<std::string> found;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.find(needle) != std::string::npos) found.push_back(line);
    }
    return found;
}

std::string plugin_file(std::string_view name) {
    return std::string(PLUGBOARD_TEST_PLUGIN_DIR) + "/" + std::string(name) + ".so";
}

TEST_F(MisbehavingPluginsTest, RefusesEachBrokenPluginWithOneLineNamingFileAndReason) {
    auto& daemon = start_all();
    const std::string log = daemon.stderr_text();
    const std::pair<std::string_view, std::string_view> refusals[] = {
        {"bad_wrong_abi", "99"},
        {"bad_no_entry", "plugboard_plugin_entry_v1"},
        {"bad_entry_returns_null", "entry point"},
        {"bad_init_fails", "database unreachable"},
    };
    for (const auto& [name, reason] : refusals) {
        SCOPED_TRACE(name);
        const auto lines = lines_with(log, plugin_file(name) + " refused");
        ASSERT_EQ(lines.size(), 1u) << log;
        EXPECT_NE(lines.front().find(reason), std::string::npos) << lines.front();
    }
    EXPECT_EQ(lines_with(log, " refused: ").size(), std::size(refusals)) << log;
}

TEST_F(MisbehavingPluginsTest, RefusesInvalidItemsAndKeepsTheirPlugin) {
    auto& daemon = start_all();
    const auto lines = lines_with(daemon.stderr_text(),
                                  "plugin bad_invalid_item (bad_invalid_item.so): refused an item");
    ASSERT_EQ(lines.size(), 2u) << daemon.stderr_text();
    EXPECT_NE(lines[0].find("not valid JSON"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("\"name\""), std::string::npos) << lines[1];
    const auto result = result_of(daemon.request("tools/call", tool_call("still_works")));
    EXPECT_EQ(first_text(result), "still works");
}

TEST_F(MisbehavingPluginsTest, ListsOnlyToolsOfAcceptedPlugins) {
    auto& daemon = start_all();
    const auto tools = members(result_of(daemon.request("tools/list")).at("tools").as_array());
    for (std::string_view present : {"still_works", "throws", "hang", "twice", "noisy", "sleep"}) {
        EXPECT_TRUE(tools.contains(std::string(present))) << present;
    }
    for (std::string_view absent : {"wrong_abi", "never_listed", "not_json"}) {
        EXPECT_FALSE(tools.contains(std::string(absent))) << absent;
    }
}

TEST_F(MisbehavingPluginsTest, AThrowingHandlerIsAnInternalError) {
    auto& daemon = start_all();
    const auto response = daemon.request("tools/call", tool_call("throws"));
    EXPECT_EQ(error_code(response), -32603);
    EXPECT_TRUE(daemon.wait_stderr("boom")) << daemon.stderr_text();
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    EXPECT_EQ(first_text(result_of(daemon.request("tools/call", tool_call("still_works")))),
              "still works");
}

TEST_F(MisbehavingPluginsTest, AHandlerThatNeverCompletesTimesOut) {
    auto& daemon = start_all();
    const auto started = std::chrono::steady_clock::now();
    const auto response = daemon.request("tools/call", tool_call("hang"), Milliseconds(2000));
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(error_code(response), -32603);
    EXPECT_NE(error_message(response).find("timed out"), std::string::npos)
        << error_message(response);
    EXPECT_GE(elapsed, Milliseconds(290));
    EXPECT_LT(elapsed, Milliseconds(1300));
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
}

TEST_F(MisbehavingPluginsTest, ASecondCompletionNeverReachesTheClient) {
    auto& daemon = start_all();
    const auto result = result_of(daemon.request("tools/call", tool_call("twice")));
    EXPECT_EQ(first_text(result), "first");
    const auto ping = daemon.send_request("ping");
    const auto next = daemon.read_message();
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->at("id"), ping) << bj::serialize(*next);
    EXPECT_TRUE(daemon.wait_stderr("completed a call twice")) << daemon.stderr_text();
}

TEST_F(MisbehavingPluginsTest, PluginOutputOnStdoutNeverReachesTheProtocolChannel) {
    auto& daemon = start_all();
    const auto result = result_of(daemon.request("tools/call", tool_call("noisy")));
    EXPECT_EQ(first_text(result), "noisy done");
    daemon.close_stdin();
    EXPECT_EQ(daemon.wait_exit(), 0);
    for (const auto& line : daemon.read_remaining_lines()) {
        EXPECT_EQ(line.find("junk"), std::string::npos) << line;
    }
    for (const auto& message : daemon.received()) {
        EXPECT_EQ(bj::serialize(message).find("junk"), std::string::npos) << bj::serialize(message);
    }
    // It went to the log instead.
    EXPECT_TRUE(daemon.wait_stderr("write(1) junk from a handler")) << daemon.stderr_text();
    EXPECT_TRUE(daemon.wait_stderr("printf junk from a handler")) << daemon.stderr_text();
}

}  // namespace
}  // namespace plugboard::integration
