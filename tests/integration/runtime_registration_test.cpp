// Items registered and removed after startup (list_changed), and resource
// updates for subscribed URIs, driven by the events test plugin.
#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using RuntimeRegistrationTest = DaemonTest;

constexpr std::string_view kEventsConfig =
    "plugins:\n${BUNDLED}\n  events: {path: ${TEST_PLUGINS}/events.so}\n";

std::set<std::string> tool_names(DaemonProcess& daemon) {
    return members(result_of(daemon.request("tools/list")).at("tools").as_array());
}

// Calls `tool` and returns its text, failing the test on a tool error.
std::string call_text(DaemonProcess& daemon, std::string_view tool, bj::object arguments) {
    const auto result =
        result_of(daemon.request("tools/call", tool_call(tool, std::move(arguments))));
    EXPECT_FALSE(is_tool_error(result)) << bj::serialize(result);
    return first_text(result);
}

TEST_F(RuntimeRegistrationTest, AnAddedToolIsAnnouncedListedAndCallable) {
    auto& daemon = start_initialized(kEventsConfig);
    EXPECT_EQ(call_text(daemon, "add_tool", {{"name", "dynamic"}}), "added");
    const auto changed = daemon.wait_notification("notifications/tools/list_changed");
    ASSERT_TRUE(changed.has_value());
    EXPECT_TRUE(tool_names(daemon).contains("dynamic"));
    EXPECT_EQ(call_text(daemon, "dynamic", {{"x", 1}}), R"({"x":1})");
}

TEST_F(RuntimeRegistrationTest, ARemovedToolIsAnnouncedAndGone) {
    auto& daemon = start_initialized(kEventsConfig);
    call_text(daemon, "add_tool", {{"name", "dynamic"}});
    ASSERT_TRUE(daemon.wait_notification("notifications/tools/list_changed").has_value());
    EXPECT_EQ(call_text(daemon, "remove_tool", {{"name", "dynamic"}}), "removed");
    EXPECT_TRUE(daemon.wait_notification("notifications/tools/list_changed").has_value());
    EXPECT_FALSE(tool_names(daemon).contains("dynamic"));
    EXPECT_EQ(error_code(daemon.request("tools/call", tool_call("dynamic"))), -32602);
}

TEST_F(RuntimeRegistrationTest, RemovingAnUnknownToolChangesNothing) {
    auto& daemon = start_initialized(kEventsConfig);
    const auto result =
        result_of(daemon.request("tools/call", tool_call("remove_tool", {{"name", "echo"}})));
    EXPECT_TRUE(is_tool_error(result));
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    EXPECT_TRUE(daemon.notifications("notifications/tools/list_changed").empty());
    EXPECT_TRUE(tool_names(daemon).contains("echo"));
}

TEST_F(RuntimeRegistrationTest, AddingATakenNameNamespacesIt) {
    auto& daemon = start_initialized(kEventsConfig);
    EXPECT_EQ(call_text(daemon, "add_tool", {{"name", "echo"}}), "added");
    EXPECT_TRUE(tool_names(daemon).contains("events_echo"));
    EXPECT_EQ(call_text(daemon, "echo", {{"message", "original"}}), "original");
}

TEST_F(RuntimeRegistrationTest, NoListChangedBeforeTheClientIsInitialized) {
    auto& daemon = start(kEventsConfig);
    result_of(daemon.request("initialize", {{"protocolVersion", "2025-11-25"},
                                            {"capabilities", bj::object{}},
                                            {"clientInfo", {{"name", "t"}, {"version", "1"}}}}));
    call_text(daemon, "add_tool", {{"name", "early"}});
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    EXPECT_TRUE(daemon.notifications("notifications/tools/list_changed").empty());
}

TEST_F(RuntimeRegistrationTest, ResourceUpdatesReachOnlySubscribedUris) {
    auto& daemon = start_initialized(kEventsConfig);
    result_of(daemon.request("resources/subscribe", {{"uri", "events://watched"}}));

    EXPECT_EQ(call_text(daemon, "touch", {{"uri", "events://watched"}}), "touched");
    const auto updated = daemon.wait_notification("notifications/resources/updated");
    ASSERT_TRUE(updated.has_value());
    EXPECT_EQ(updated->at("params"), (bj::object{{"uri", "events://watched"}}));

    call_text(daemon, "touch", {{"uri", "events://other"}});
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    EXPECT_TRUE(daemon.notifications("notifications/resources/updated").empty());

    result_of(daemon.request("resources/unsubscribe", {{"uri", "events://watched"}}));
    call_text(daemon, "touch", {{"uri", "events://watched"}});
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    EXPECT_TRUE(daemon.notifications("notifications/resources/updated").empty());
}

}  // namespace
}  // namespace plugboard::integration
