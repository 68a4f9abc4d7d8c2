// What the session sends on its own: progress, log messages, resource
// updates and list changes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "session_harness.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;
using registry::ItemKind;

TEST(SessionNotifications, ReportsIncreasingProgressForTheRequestsToken) {
    SessionHarness harness;
    harness.add_tool("work", progress_handler);
    harness.handshake();
    const bj::value response =
        harness.request("1", "tools/call", R"({"name":"work","_meta":{"progressToken":"tok-1"}})");
    EXPECT_EQ(first_text(response.at("result")), "done");

    const auto progress = harness.notifications("notifications/progress");
    ASSERT_EQ(progress.size(), 2u);
    EXPECT_EQ(progress[0].at("params"),
              bj::parse(R"({"progressToken":"tok-1","progress":1,"total":10,"message":"one"})"));
    EXPECT_EQ(progress[1].at("params"), bj::parse(R"({"progressToken":"tok-1","progress":2.5})"));
    // Sent before the response, which ends the request.
    EXPECT_EQ(harness.frames().back().at("id"), 1);
}

TEST(SessionNotifications, IntegerProgressTokensAreEchoed) {
    SessionHarness harness;
    harness.add_tool("work", progress_handler);
    harness.handshake();
    harness.request("1", "tools/call", R"({"name":"work","_meta":{"progressToken":77}})");
    const auto progress = harness.notifications("notifications/progress");
    ASSERT_EQ(progress.size(), 2u);
    EXPECT_EQ(progress[0].at("params").at("progressToken"), 77);
}

TEST(SessionNotifications, NoProgressWithoutAToken) {
    SessionHarness harness;
    harness.add_tool("work", progress_handler);
    harness.handshake();
    harness.request("1", "tools/call", R"({"name":"work","_meta":{"progressToken":1.5}})");
    harness.request("2", "tools/call", R"({"name":"work"})");
    EXPECT_TRUE(harness.notifications("notifications/progress").empty());
}

TEST(SessionNotifications, ProgressMessageNeedsRevision20250326) {
    SessionHarness harness;
    harness.add_tool("work", progress_handler);
    harness.handshake("2024-11-05");
    harness.request("1", "tools/call", R"({"name":"work","_meta":{"progressToken":"t"}})");
    const auto progress = harness.notifications("notifications/progress");
    ASSERT_EQ(progress.size(), 2u);
    EXPECT_EQ(progress[0].at("params"),
              bj::parse(R"({"progressToken":"t","progress":1,"total":10})"));
}

TEST(SessionNotifications, NothingIsSentForACallThatWasAnswered) {
    SessionHarness harness;
    harness.plugin.call_timeout = std::chrono::milliseconds(20);
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request("1", "tools/call", R"({"name":"slow","_meta":{"progressToken":"t"}})");
    const auto deferred = harness.probe.next_deferred();
    ASSERT_TRUE(deferred);
    EXPECT_EQ(harness.wait_response("1").at("error").at("code"), -32603);

    const std::string data = R"("late")";
    host_api().progress(deferred->call, 1, 2, "late");
    host_api().call_log(deferred->call, PB_LOG_EMERGENCY, nullptr, data.data(), data.size());
    harness.run_ready();
    EXPECT_TRUE(harness.notifications("notifications/progress").empty());
    EXPECT_TRUE(harness.notifications("notifications/message").empty());
    const std::string result = R"({"content":[]})";
    host_api().complete(deferred->call, PB_OK, result.data(), result.size());
}

TEST(SessionNotifications, LogMessagesFollowTheSessionsLevel) {
    SessionHarness harness;
    harness.add_tool("chatty", logging_handler);
    harness.handshake();

    harness.request("1", "tools/call", R"({"name":"chatty"})");
    auto messages = harness.notifications("notifications/message");
    ASSERT_EQ(messages.size(), 2u);  // default level: info
    EXPECT_EQ(messages[0].at("params"), bj::parse(R"({"level":"warning","data":{"k":1}})"));
    EXPECT_EQ(messages[1].at("params"),
              bj::parse(R"({"level":"error","logger":"probe","data":"error line"})"));

    harness.sent.clear();
    EXPECT_EQ(harness.request("2", "logging/setLevel", R"({"level":"error"})").at("result"),
              bj::object{});
    harness.request("3", "tools/call", R"({"name":"chatty"})");
    messages = harness.notifications("notifications/message");
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].at("params").at("level"), "error");

    harness.sent.clear();
    harness.request("4", "logging/setLevel", R"({"level":"debug"})");
    harness.request("5", "tools/call", R"({"name":"chatty"})");
    messages = harness.notifications("notifications/message");
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[0].at("params"),
              bj::parse(R"({"level":"debug","logger":"probe","data":"debug line"})"));
}

TEST(SessionNotifications, UnknownLogLevelIsInvalidParams) {
    SessionHarness harness;
    harness.handshake();
    for (std::string_view params : {R"({"level":"verbose"})", R"({"level":3})", R"({})"}) {
        harness.sent.clear();
        const bj::value response = harness.request("1", "logging/setLevel", params);
        EXPECT_EQ(response.at("error").at("code"), -32602) << params;
    }
}

TEST(SessionNotifications, ResourceUpdatesReachOnlySubscribers) {
    SessionHarness harness;
    harness.add(ItemKind::Resource, R"({"uri":"file:///a","name":"a"})", echo_handler);
    harness.add(ItemKind::Resource, R"({"uri":"file:///b","name":"b"})", echo_handler);
    harness.handshake();
    EXPECT_EQ(harness.request("1", "resources/subscribe", R"({"uri":"file:///a"})").at("result"),
              bj::object{});

    const pb_host_api& api = host_api();
    api.resource_updated(harness.plugin.handle(), "file:///b", 9);
    api.resource_updated(harness.plugin.handle(), "file:///a", 9);
    harness.run_ready();
    auto updates = harness.notifications("notifications/resources/updated");
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0].at("params"), bj::parse(R"({"uri":"file:///a"})"));

    harness.sent.clear();
    harness.request("2", "resources/unsubscribe", R"({"uri":"file:///a"})");
    api.resource_updated(harness.plugin.handle(), "file:///a", 9);
    harness.run_ready();
    EXPECT_TRUE(harness.notifications("notifications/resources/updated").empty());

    EXPECT_EQ(harness.request("3", "resources/subscribe", R"({})").at("error").at("code"), -32602);
}

TEST(SessionNotifications, ListChangedOnlyOnceInitializedAndAnnounced) {
    SessionHarness harness;
    harness.add_tool("first", echo_handler);
    harness.add_tool("second", echo_handler);  // before initialize: nobody to tell
    harness.run_ready();
    EXPECT_TRUE(harness.sent.empty());

    harness.request("0", "initialize", R"({"protocolVersion":"2025-11-25"})");
    harness.sent.clear();
    harness.add_tool("third", echo_handler);  // initialize answered, initialized not yet sent
    harness.run_ready();
    EXPECT_TRUE(harness.sent.empty());

    harness.feed_notification("notifications/initialized");
    harness.add_tool("fourth", echo_handler);
    harness.run_ready();
    ASSERT_EQ(harness.notifications("notifications/tools/list_changed").size(), 1u);
    EXPECT_EQ(
        harness.frames().back(),
        bj::parse(R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed","params":{}})"));

    // Prompts were not announced at initialize, so their changes are not sent.
    harness.sent.clear();
    harness.add(ItemKind::Prompt, R"({"name":"p"})", echo_handler);
    harness.add(ItemKind::Completion, R"({"ref":{"type":"ref/prompt","name":"p"}})", echo_handler);
    harness.run_ready();
    EXPECT_TRUE(harness.sent.empty());

    ASSERT_TRUE(harness.registry.remove(&harness.plugin, ItemKind::Tool, "first"));
    harness.run_ready();
    EXPECT_EQ(harness.notifications("notifications/tools/list_changed").size(), 1u);
}

TEST(SessionNotifications, TemplateChangesAreResourceListChanges) {
    SessionHarness harness;
    harness.add(ItemKind::ResourceTemplate, R"({"uriTemplate":"a://{id}","name":"a"})",
                echo_handler);
    harness.handshake();
    harness.add(ItemKind::Resource, R"({"uri":"b://x","name":"b"})", echo_handler);
    harness.run_ready();
    EXPECT_EQ(harness.notifications("notifications/resources/list_changed").size(), 1u);
}

}  // namespace
}  // namespace plugboard::core_test
