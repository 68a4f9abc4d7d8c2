// The plugin entry the macros define: descriptor, ABI negotiation, init with
// its config and failures, and shutdown.
#include <plugboard/plugin.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "test_plugin.hpp"

namespace {

using namespace std::chrono_literals;
using cxxapi_test::test_plugin_entry;
using nlohmann::json;
using plugboard::Plugin;

std::atomic<int> running_now = 0;
std::atomic<int> most_at_once = 0;

void serialized_setup(Plugin& plugin, const json&) {
    plugin.tool("busy", "Overlaps if it can", [] {
        most_at_once = std::max(most_at_once.load(), ++running_now);
        std::this_thread::sleep_for(20ms);
        --running_now;
    });
}

PLUGBOARD_DEFINE_ENTRY(serialized_entry, "serialized", "2.0", nullptr, PB_PLUGIN_FLAG_SERIALIZED,
                       serialized_setup)

class Entry : public cxxapi_test::PluginTest {};

TEST(EntryDescriptor, DescribesThePlugin) {
    const pb_plugin* plugin = test_plugin_entry(PB_ABI_MAJOR, PB_ABI_MINOR);
    ASSERT_NE(plugin, nullptr);
    EXPECT_EQ(plugin->struct_size, sizeof(pb_plugin));
    EXPECT_EQ(plugin->abi_major, PB_ABI_MAJOR);
    EXPECT_EQ(plugin->abi_minor, PB_ABI_MINOR);
    EXPECT_STREQ(plugin->name, "test_plugin");
    EXPECT_STREQ(plugin->version, "0.0.1");
    EXPECT_STREQ(plugin->description, "Built by each test");
    EXPECT_EQ(plugin->flags, PB_PLUGIN_FLAG_NONE);
    EXPECT_EQ(plugin->reserved, 0u);
    EXPECT_NE(plugin->init, nullptr);
    EXPECT_NE(plugin->shutdown, nullptr);
}

TEST(EntryDescriptor, AcceptsAnyMinorOfItsMajorOnly) {
    EXPECT_NE(test_plugin_entry(PB_ABI_MAJOR, 0), nullptr);
    EXPECT_NE(test_plugin_entry(PB_ABI_MAJOR, 42), nullptr);
    EXPECT_EQ(test_plugin_entry(PB_ABI_MAJOR + 1, 0), nullptr);
    EXPECT_EQ(test_plugin_entry(0, 0), nullptr);
}

TEST(EntryDescriptor, InitRefusesATableWithoutTheV1Functions) {
    const pb_plugin* plugin = test_plugin_entry(PB_ABI_MAJOR, PB_ABI_MINOR);
    pb_host_api api{};
    api.struct_size = offsetof(pb_host_api, ask_client);
    void* state = nullptr;
    char error[128] = {};
    EXPECT_EQ(plugin->init(nullptr, &api, "{}", 2, &state, error, sizeof error),
              PB_ERR_UNSUPPORTED);
    EXPECT_STREQ(error, "the host's API table lacks ABI 1.0 functions");
    EXPECT_EQ(state, nullptr);
}

TEST_F(Entry, SetupGetsTheConfig) {
    json seen;
    ASSERT_TRUE(
        load([&](Plugin&, const json& config) { seen = config; }, R"({"greeting":"hi","n":[1]})")
            .ok());
    EXPECT_EQ(seen, json::parse(R"({"greeting":"hi","n":[1]})"));
}

TEST_F(Entry, EmptyConfigIsAnEmptyObject) {
    json seen;
    ASSERT_TRUE(load([&](Plugin&, const json& config) { seen = config; }, "").ok());
    EXPECT_EQ(seen, json::object());
}

TEST_F(Entry, SetupExceptionFailsInitWithItsMessage) {
    const auto result = load([](Plugin& plugin, const json&) {
        plugin.tool("registered_first", "", [] {});
        throw std::runtime_error("api_key is missing");
    });
    EXPECT_EQ(result.status, PB_ERR_INTERNAL);
    EXPECT_EQ(result.error, "api_key is missing");
    EXPECT_TRUE(host.definitions(PB_ITEM_TOOL).empty());
}

TEST_F(Entry, SetupProtocolErrorChoosesTheStatus) {
    const auto result = load([](Plugin&, const json&) {
        throw plugboard::ProtocolError(plugboard::Status::invalid_params, "port must be a number");
    });
    EXPECT_EQ(result.status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(result.error, "port must be a number");
}

TEST_F(Entry, LongMessageIsTruncatedToTheBuffer) {
    const auto result =
        load([](Plugin&, const json&) { throw std::runtime_error(std::string(5000, 'x')); });
    EXPECT_EQ(result.error, std::string(1023, 'x'));
}

TEST_F(Entry, MalformedConfigFailsInit) {
    const auto result = load([](Plugin&, const json&) {}, "{not json");
    EXPECT_EQ(result.status, PB_ERR_INTERNAL);
    EXPECT_THAT(result.error, ::testing::HasSubstr("parse error"));
}

TEST_F(Entry, ShutdownReleasesTheHandlers) {
    auto token = std::make_shared<int>(0);
    ASSERT_TRUE(load([token](Plugin& plugin, const json&) {
                    plugin.tool("t", "", [token] { return *token; });
                }).ok());
    cxxapi_test::set_current_setup(nullptr);
    EXPECT_GT(token.use_count(), 1);
    host.unload();
    EXPECT_EQ(token.use_count(), 1);
}

TEST_F(Entry, SerializedPluginRunsOneHandlerAtATime) {
    ASSERT_TRUE(host.load(&serialized_entry).ok());
    EXPECT_EQ(host.plugin()->flags, PB_PLUGIN_FLAG_SERIALIZED);
    EXPECT_EQ(host.plugin()->description, nullptr);
    std::vector<plugboard::testing::PendingCall> calls;
    for (int i = 0; i < 4; ++i)
        calls.push_back(host.start_tool("busy"));
    for (const auto& call : calls)
        EXPECT_EQ(call.wait(5s).status, PB_OK);
    EXPECT_EQ(most_at_once, 1);
}

}  // namespace
