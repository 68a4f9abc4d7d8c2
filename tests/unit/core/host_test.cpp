// The plugin host without .so files: the pb_host_api table as a plugin sees
// it, and how handlers are run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "session_harness.hpp"
#include "test_items.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;
using registry::ItemKind;
using ::testing::ElementsAre;
using ::testing::StartsWith;

constexpr std::string_view kEchoTool = R"({"name":"echo","inputSchema":{"type":"object"}})";

std::int32_t register_item(SessionHarness& harness, ItemKind kind, std::string_view definition,
                           char* error, std::size_t capacity) {
    const pb_item item = make_item(kind, definition, echo_handler, &harness.probe);
    return host_api().register_item(harness.plugin.handle(), &item, error, capacity);
}

std::int32_t unregister_item(SessionHarness& harness, std::uint32_t kind, std::string_view key) {
    return host_api().unregister_item(harness.plugin.handle(), kind, key.data(), key.size());
}

TEST(HostApi, RegistersAndUnregistersItems) {
    SessionHarness harness;
    char error[128] = "untouched";
    EXPECT_EQ(register_item(harness, ItemKind::Tool, kEchoTool, error, sizeof error), PB_OK);
    const auto tool = harness.registry.snapshot()->find(ItemKind::Tool, "echo");
    ASSERT_NE(tool, nullptr);
    EXPECT_EQ(tool->plugin, &harness.plugin);
    EXPECT_EQ(tool->plugin_name, "test");
    EXPECT_EQ(tool->user_data, &harness.probe);

    EXPECT_EQ(unregister_item(harness, PB_ITEM_TOOL, "echo"), PB_OK);
    EXPECT_EQ(unregister_item(harness, PB_ITEM_TOOL, "echo"), PB_ERR_NOT_FOUND);
    EXPECT_EQ(unregister_item(harness, PB_ITEM_PROMPT, "echo"), PB_ERR_NOT_FOUND);
    EXPECT_EQ(unregister_item(harness, 42, "echo"), PB_ERR_BAD_ARGUMENT);
    EXPECT_TRUE(harness.registry.snapshot()->items(ItemKind::Tool).empty());
}

TEST(HostApi, UsesThePluginsNamespace) {
    SessionHarness harness;
    harness.plugin.name_space = "ns";
    char error[128] = {};
    ASSERT_EQ(register_item(harness, ItemKind::Tool, kEchoTool, error, sizeof error), PB_OK)
        << error;
    EXPECT_NE(harness.registry.snapshot()->find(ItemKind::Tool, "ns_echo"), nullptr);
    // The plugin keeps using the name it registered.
    EXPECT_EQ(unregister_item(harness, PB_ITEM_TOOL, "echo"), PB_OK);
}

TEST(HostApi, WritesTheRefusalReasonTruncated) {
    SessionHarness harness;
    char error[128] = {};
    EXPECT_EQ(register_item(harness, ItemKind::Tool, R"({"name":"x"})", error, sizeof error),
              PB_ERR_INVALID_PARAMS);
    EXPECT_STREQ(error, R"(tool "x" needs an "inputSchema" object)");

    char small[8];
    std::memset(small, 'z', sizeof small);
    EXPECT_EQ(register_item(harness, ItemKind::Tool, R"({"name":"x"})", small, sizeof small),
              PB_ERR_INVALID_PARAMS);
    EXPECT_STREQ(small, "tool \"x");

    EXPECT_EQ(register_item(harness, ItemKind::Tool, R"({"name":"x"})", nullptr, 0),
              PB_ERR_INVALID_PARAMS);
}

TEST(HostApi, RefusesItemsWithABadStructSize) {
    SessionHarness harness;
    pb_item item = make_item(ItemKind::Tool, kEchoTool, echo_handler, &harness.probe);
    item.struct_size = 8;
    char error[128] = {};
    EXPECT_EQ(host_api().register_item(harness.plugin.handle(), &item, error, sizeof error),
              PB_ERR_BAD_ARGUMENT);
    EXPECT_STREQ(error, "register_item needs a pb_item with a valid struct_size");
    EXPECT_EQ(host_api().register_item(harness.plugin.handle(), nullptr, error, sizeof error),
              PB_ERR_BAD_ARGUMENT);
    EXPECT_TRUE(harness.registry.snapshot()->items(ItemKind::Tool).empty());
}

TEST(HostApi, UnregistersCompletionsByTheirReference) {
    SessionHarness harness;
    char error[128] = {};
    ASSERT_EQ(register_item(harness, ItemKind::Prompt, R"({"name":"greet"})", error, sizeof error),
              PB_OK);
    ASSERT_EQ(register_item(harness, ItemKind::Completion,
                            R"({"ref":{"type":"ref/prompt","name":"greet"}})", error, sizeof error),
              PB_OK);
    ASSERT_EQ(
        register_item(harness, ItemKind::Completion,
                      R"({"ref":{"type":"ref/resource","uri":"a://{id}"}})", error, sizeof error),
        PB_OK);
    EXPECT_EQ(unregister_item(harness, PB_ITEM_COMPLETION, "greet"), PB_OK);
    EXPECT_EQ(unregister_item(harness, PB_ITEM_COMPLETION, "a://{id}"), PB_OK);
    EXPECT_EQ(unregister_item(harness, PB_ITEM_COMPLETION, "greet"), PB_ERR_NOT_FOUND);
    EXPECT_TRUE(harness.registry.snapshot()->items(ItemKind::Completion).empty());
}

TEST(HostApi, RegistrationAfterInitializeIsAnnounced) {
    SessionHarness harness;
    harness.add(ItemKind::Tool, kEchoTool, echo_handler);
    harness.handshake();
    char error[128] = {};
    ASSERT_EQ(
        register_item(harness, ItemKind::Tool,
                      R"({"name":"later","inputSchema":{"type":"object"}})", error, sizeof error),
        PB_OK);
    harness.run_ready();
    EXPECT_EQ(harness.notifications("notifications/tools/list_changed").size(), 1u);
}

TEST(HostApi, UnknownCallHandlesAreHarmless) {
    SessionHarness harness;
    auto* unknown = reinterpret_cast<pb_call*>(static_cast<std::uintptr_t>(0xdeadbeef));
    const pb_host_api& api = host_api();
    EXPECT_EQ(api.is_cancelled(unknown), 1);
    api.complete(unknown, PB_OK, "{}", 2);
    api.progress(unknown, 1, 2, "x");
    api.call_log(unknown, PB_LOG_ERROR, "l", "\"x\"", 3);
    api.on_cancel(
        unknown, [](void*, pb_call*) { ADD_FAILURE() << "called for an unknown call"; }, nullptr);
    api.log(nullptr, PB_LOG_ERROR, "no host");
    api.resource_updated(nullptr, "a://b", 5);
    harness.run_ready();
    EXPECT_TRUE(harness.sent.empty());
}

TEST(HostApi, DescribesItsVersion) {
    const pb_host_api& api = host_api();
    EXPECT_EQ(api.struct_size, sizeof(pb_host_api));
    EXPECT_EQ(api.abi_major, PB_ABI_MAJOR);
    EXPECT_EQ(api.abi_minor, PB_ABI_MINOR);
}

TEST(PluginHost, HandlerThatThrowsIsAnInternalError) {
    SessionHarness harness;
    harness.add_tool("broken", throwing_handler);
    harness.handshake();
    const bj::value response = harness.request("1", "tools/call", R"({"name":"broken"})");
    EXPECT_EQ(response.at("error").at("code"), -32603);
    EXPECT_EQ(response.at("error").at("message"), "the plugin failed");
}

TEST(PluginHost, SerializedPluginRunsCallsOneAtATimeInOrder) {
    SessionHarness harness;
    harness.plugin.strand.emplace(harness.pool.make_strand());
    harness.add_tool("serial", serial_handler);
    harness.handshake();
    for (int i = 0; i < 4; ++i) {
        harness.feed_request(std::to_string(i), "tools/call",
                             R"({"name":"serial","arguments":{"n":)" + std::to_string(i) + "}}");
    }
    ASSERT_TRUE(harness.run_until([&] { return harness.probe.handler_runs.load() == 4; }));
    EXPECT_THAT(harness.probe.serial_runs(),
                ElementsAre(R"({"n":0})", R"({"n":1})", R"({"n":2})", R"({"n":3})"));
    EXPECT_EQ(harness.probe.most_running.load(), 1);
}

constexpr std::string_view kCallEcho =
    R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo"}})";

TEST(PluginHost, NonblockingItemIsAnsweredBeforeTheFrameIsHandled) {
    SessionHarness harness;
    harness.add_tool("echo", echo_handler, kAnyObjectSchema, PB_ITEM_FLAG_NONBLOCKING);
    harness.handshake();
    const std::size_t before = harness.sent.size();
    EXPECT_EQ(harness.feed_and_count(kCallEcho), before + 1);
    ASSERT_EQ(harness.responses("7").size(), 1u);
    EXPECT_TRUE(harness.responses("7")[0].as_object().contains("result"));
    EXPECT_EQ(harness.plugin.calls_in_flight.load(), 0u);
}

TEST(PluginHost, OtherItemsRunOnThePool) {
    SessionHarness harness;
    harness.add_tool("echo", echo_handler);
    harness.handshake();
    const std::size_t before = harness.sent.size();
    EXPECT_EQ(harness.feed_and_count(kCallEcho), before);
    EXPECT_FALSE(harness.wait_response("7").is_null());
}

TEST(PluginHost, SerializedPluginsIgnoreTheNonblockingFlag) {
    SessionHarness harness;
    harness.plugin.strand.emplace(harness.pool.make_strand());
    harness.add_tool("echo", echo_handler, kAnyObjectSchema, PB_ITEM_FLAG_NONBLOCKING);
    harness.handshake();
    const std::size_t before = harness.sent.size();
    EXPECT_EQ(harness.feed_and_count(kCallEcho), before);
    EXPECT_FALSE(harness.wait_response("7").is_null());
}

// What an inline handler sends about its call goes out before its answer.
TEST(PluginHost, NonblockingHandlersLogMessagesPrecedeTheirAnswer) {
    SessionHarness harness;
    harness.add_tool("logs", logging_handler, kAnyObjectSchema, PB_ITEM_FLAG_NONBLOCKING);
    harness.handshake();
    harness.feed_request("1", "logging/setLevel", R"({"level":"warning"})");
    const std::size_t before = harness.sent.size();
    EXPECT_EQ(harness.feed_and_count(
                  R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"logs"}})"),
              before + 3);
    const auto frames = harness.frames();
    ASSERT_GE(frames.size(), 3u);
    EXPECT_EQ(frames[frames.size() - 3].at("method"), "notifications/message");
    EXPECT_EQ(frames[frames.size() - 2].at("method"), "notifications/message");
    EXPECT_EQ(frames.back().at("id"), 8);
}

TEST(PluginHost, AThrowingNonblockingHandlerIsAnInternalError) {
    SessionHarness harness;
    harness.add_tool("broken", throwing_handler, kAnyObjectSchema, PB_ITEM_FLAG_NONBLOCKING);
    harness.handshake();
    const bj::value response = harness.request("1", "tools/call", R"({"name":"broken"})");
    EXPECT_EQ(response.at("error").at("code"), -32603);
}

// A plugin built before minor 1 may leave garbage where flags now are; the
// host reads flags only inside the struct_size the plugin declared.
TEST(HostApi, ReadsItemFlagsOnlyWithinTheDeclaredSize) {
    SessionHarness harness;
    pb_item item = make_item(ItemKind::Tool, kEchoTool, echo_handler, &harness.probe);
    item.flags = PB_ITEM_FLAG_NONBLOCKING;
    item.struct_size = offsetof(pb_item, flags);
    char error[128] = {};
    ASSERT_EQ(host_api().register_item(harness.plugin.handle(), &item, error, sizeof error), PB_OK)
        << error;
    EXPECT_FALSE(harness.registry.snapshot()->find(ItemKind::Tool, "echo")->nonblocking);
    item.struct_size = sizeof(pb_item);
    ASSERT_EQ(unregister_item(harness, PB_ITEM_TOOL, "echo"), PB_OK);
    ASSERT_EQ(host_api().register_item(harness.plugin.handle(), &item, error, sizeof error), PB_OK);
    EXPECT_TRUE(harness.registry.snapshot()->find(ItemKind::Tool, "echo")->nonblocking);
}

TEST(PluginHost, TimeoutIsThePluginsOwn) {
    SessionHarness harness;
    harness.plugin.call_timeout = std::chrono::milliseconds(1234);
    harness.add_tool("echo", echo_handler);
    const auto tool = harness.registry.snapshot()->find(ItemKind::Tool, "echo");
    EXPECT_EQ(harness.host.timeout_for(*tool), std::chrono::milliseconds(1234));
}

TEST(PluginHost, RefusesFilesThatAreNotLibraries) {
    SessionHarness harness;
    const auto missing = std::filesystem::temp_directory_path() / "plugboard-core-test-missing.so";
    EXPECT_THAT(harness.host.load(missing, nullptr), StartsWith("cannot load the library: "));

    const auto text = std::filesystem::temp_directory_path() /
                      ("plugboard-core-test-" + std::to_string(::getpid()) + ".so");
    std::ofstream(text) << "not an ELF file\n";
    EXPECT_THAT(harness.host.load(text, nullptr), StartsWith("cannot load the library: "));
    std::filesystem::remove(text);
    EXPECT_TRUE(harness.host.plugins().empty());
}

}  // namespace
}  // namespace plugboard::core_test
