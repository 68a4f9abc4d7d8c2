// The pure-C plugin (c_plugin.c) through the fake host: what the ABI lets a
// C author do without the C++ layer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <plugboard/plugin.h>
#include <plugboard/testing/fake_host.hpp>

#include <chrono>

extern "C" const pb_plugin* plugboard_plugin_entry_v1(std::uint16_t host_abi_major,
                                                      std::uint16_t host_abi_minor);

namespace {

using namespace std::chrono_literals;
using plugboard::testing::FakeHost;

class CPlugin : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(host.load(&plugboard_plugin_entry_v1).ok()); }
    void TearDown() override {
        host.unload();
        EXPECT_THAT(host.violations(), ::testing::IsEmpty());
    }

    FakeHost host;
};

TEST(CPluginEntry, AcceptsAnyMinorOfItsMajorAndRefusesOthers) {
    const pb_plugin* plugin = plugboard_plugin_entry_v1(1, 9);
    ASSERT_NE(plugin, nullptr);
    EXPECT_EQ(plugin->abi_major, PB_ABI_MAJOR);
    EXPECT_STREQ(plugin->name, "c_plugin");
    EXPECT_EQ(plugboard_plugin_entry_v1(2, 0), nullptr);
}

TEST_F(CPlugin, RegistersItsItemsInInit) {
    const auto tools = host.definitions(PB_ITEM_TOOL);
    ASSERT_EQ(tools.size(), 3u);
    EXPECT_EQ(tools[0]["name"], "echo");
    EXPECT_EQ(tools[1]["name"], "later");
    EXPECT_EQ(tools[2]["name"], "countdown");
    EXPECT_TRUE(host.definition(PB_ITEM_RESOURCE, "c://greeting").has_value());
    EXPECT_TRUE(host.list_changes().empty());
}

TEST_F(CPlugin, CompletesInsideTheHandler) {
    const auto result = host.call_tool("echo", R"({"x":[1,2]})");
    ASSERT_TRUE(result.completed);
    EXPECT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json["structuredContent"], nlohmann::json::parse(R"({"x":[1,2]})"));
}

TEST_F(CPlugin, CompletesFromAnotherThreadAfterTheHandlerReturned) {
    const auto result = host.call_tool("later");
    ASSERT_TRUE(result.completed);
    EXPECT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json["content"][0]["text"], "completed on another thread");
}

TEST_F(CPlugin, ReportsProgressAndLogs) {
    const auto result = host.call_tool("countdown", R"({"steps":3})");
    ASSERT_EQ(result.status, PB_OK);
    ASSERT_EQ(result.progress.size(), 3u);
    for (int step = 1; step <= 3; ++step) {
        EXPECT_EQ(result.progress[step - 1].progress, step);
        EXPECT_EQ(result.progress[step - 1].total, 3);
        EXPECT_EQ(result.progress[step - 1].message, "tick");
    }
    ASSERT_EQ(result.logs.size(), 1u);
    EXPECT_EQ(result.logs[0].level, PB_LOG_INFO);
    EXPECT_EQ(result.logs[0].logger, "countdown");
    EXPECT_EQ(result.logs[0].data, "starting");
}

TEST_F(CPlugin, StopsWhenCancelled) {
    const auto started = std::chrono::steady_clock::now();
    const auto call = host.start_tool("countdown", R"({"steps":100000})");
    ASSERT_TRUE(call.wait_for_progress(2, 5s));
    host.cancel(call);
    const auto result = call.wait(5s);
    ASSERT_TRUE(result.completed);
    EXPECT_EQ(result.status, PB_ERR_CANCELLED);
    EXPECT_EQ(result.message, "countdown cancelled");
    EXPECT_LT(result.progress.size(), 100000u);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST_F(CPlugin, ServesAResource) {
    const auto result = host.read_resource("c://greeting");
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json["contents"][0]["text"], "hello from C");
    EXPECT_EQ(result.json["contents"][0]["mimeType"], "text/plain");
}

}  // namespace
