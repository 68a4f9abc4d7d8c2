// Server-to-client requests (sampling, elicitation, roots) made by a plugin
// through ask_client, answered by the test as the client.
#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using AskClientTest = DaemonTest;

constexpr std::string_view kEventsConfig =
    "plugins:\n  events: {path: ${TEST_PLUGINS}/events.so}\n";

const bj::object kSamplingParams{
    {"messages",
     bj::array{bj::object{{"role", "user"}, {"content", {{"type", "text"}, {"text", "2+2?"}}}}}},
    {"maxTokens", 10}};

bj::object ask(std::string_view what, bj::object params = {}) {
    return tool_call("ask", {{"what", what}, {"params", std::move(params)}});
}

void answer(DaemonProcess& daemon, const bj::object& server_request, std::string_view member,
            bj::object value) {
    daemon.send(bj::object{
        {"jsonrpc", "2.0"}, {"id", server_request.at("id")}, {member, std::move(value)}});
}

TEST_F(AskClientTest, SamplingWithoutTheCapabilityIsAToolError) {
    auto& daemon = start_initialized(kEventsConfig);
    const auto result = result_of(daemon.request("tools/call", ask("sampling", kSamplingParams)));
    EXPECT_TRUE(is_tool_error(result));
    EXPECT_NE(first_text(result).find("capability"), std::string::npos) << first_text(result);
    EXPECT_FALSE(daemon.wait_server_request("sampling/createMessage", Milliseconds(0)).has_value())
        << "no request may reach a client without the capability";
}

TEST_F(AskClientTest, SamplingReachesTheClientAndItsAnswerReachesThePlugin) {
    auto& daemon = start_initialized(kEventsConfig, {{"sampling", bj::object{}}});
    const auto call = daemon.send_request("tools/call", ask("sampling", kSamplingParams));
    const auto request = daemon.wait_server_request("sampling/createMessage");
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request->at("params"), kSamplingParams);
    const auto& id = request->at("id");
    EXPECT_TRUE(id.is_string() || id.is_int64()) << bj::serialize(id);

    const bj::object sampled{{"role", "assistant"},
                             {"content", {{"type", "text"}, {"text", "4"}}},
                             {"model", "test-model"}};
    answer(daemon, *request, "result", sampled);
    const auto response = daemon.wait_response(call);
    ASSERT_TRUE(response.has_value());
    const auto& result = result_of(*response);
    EXPECT_FALSE(is_tool_error(result));
    EXPECT_EQ(bj::parse(first_text(result)), sampled);
}

TEST_F(AskClientTest, AnErrorFromTheClientIsAToolError) {
    auto& daemon = start_initialized(kEventsConfig, {{"sampling", bj::object{}}});
    const auto call = daemon.send_request("tools/call", ask("sampling", kSamplingParams));
    const auto request = daemon.wait_server_request("sampling/createMessage");
    ASSERT_TRUE(request.has_value());
    answer(daemon, *request, "error", {{"code", -1}, {"message", "the user declined"}});
    const auto response = daemon.wait_response(call);
    ASSERT_TRUE(response.has_value());
    const auto& result = result_of(*response);
    EXPECT_TRUE(is_tool_error(result));
    EXPECT_NE(first_text(result).find("the user declined"), std::string::npos)
        << first_text(result);
}

TEST_F(AskClientTest, ElicitationAndRootsUseTheirMethods) {
    auto& daemon =
        start_initialized(kEventsConfig, {{"elicitation", bj::object{}}, {"roots", bj::object{}}});
    const bj::object elicit{
        {"message", "Name?"},
        {"requestedSchema", {{"type", "object"}, {"properties", bj::object{}}}}};
    const auto elicitation_call = daemon.send_request("tools/call", ask("elicitation", elicit));
    const auto elicitation = daemon.wait_server_request("elicitation/create");
    ASSERT_TRUE(elicitation.has_value());
    EXPECT_EQ(elicitation->at("params"), elicit);
    answer(daemon, *elicitation, "result", {{"action", "decline"}});
    const auto elicited = daemon.wait_response(elicitation_call);
    ASSERT_TRUE(elicited.has_value());
    EXPECT_EQ(bj::parse(first_text(result_of(*elicited))), (bj::object{{"action", "decline"}}));

    const auto roots_call = daemon.send_request("tools/call", ask("roots"));
    const auto roots = daemon.wait_server_request("roots/list");
    ASSERT_TRUE(roots.has_value());
    const bj::object listed{{"roots", bj::array{bj::object{{"uri", "file:///tmp"}}}}};
    answer(daemon, *roots, "result", listed);
    const auto rooted = daemon.wait_response(roots_call);
    ASSERT_TRUE(rooted.has_value());
    EXPECT_EQ(bj::parse(first_text(result_of(*rooted))), listed);
}

TEST_F(AskClientTest, ConcurrentAsksHaveDistinctIdsAndGetTheirOwnAnswers) {
    auto& daemon = start_initialized(kEventsConfig, {{"roots", bj::object{}}});
    const auto first_call = daemon.send_request("tools/call", ask("roots", {{"tag", "first"}}));
    const auto second_call = daemon.send_request("tools/call", ask("roots", {{"tag", "second"}}));
    auto first = daemon.wait_server_request("roots/list");
    auto second = daemon.wait_server_request("roots/list");
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->at("id"), second->at("id"));
    // Both calls run at once on the plugin pool, so either may ask first.
    if (first->at("params").at("tag") != "first") std::swap(first, second);
    ASSERT_EQ(first->at("params").at("tag"), "first");
    // Answered out of order: each answer still reaches its own call.
    answer(daemon, *second, "result", {{"roots", bj::array{}}, {"which", "second"}});
    answer(daemon, *first, "result", {{"roots", bj::array{}}, {"which", "first"}});
    const auto first_response = daemon.wait_response(first_call);
    const auto second_response = daemon.wait_response(second_call);
    ASSERT_TRUE(first_response && second_response);
    EXPECT_EQ(bj::parse(first_text(result_of(*first_response))).at("which"), "first");
    EXPECT_EQ(bj::parse(first_text(result_of(*second_response))).at("which"), "second");
}

TEST_F(AskClientTest, CancellingTheCallEndsItsAskAndALateAnswerIsIgnored) {
    auto& daemon = start_initialized(kEventsConfig, {{"sampling", bj::object{}}});
    const auto call = daemon.send_request("tools/call", ask("sampling", kSamplingParams));
    const auto request = daemon.wait_server_request("sampling/createMessage");
    ASSERT_TRUE(request.has_value());
    daemon.notify("notifications/cancelled", {{"requestId", call}});
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    answer(daemon, *request, "result", {{"role", "assistant"}, {"model", "late"}});
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
    EXPECT_FALSE(daemon.wait_response(call, Milliseconds(0)).has_value());
}

TEST_F(AskClientTest, AnAnswerToNoRequestIsIgnored) {
    auto& daemon = start_initialized(kEventsConfig);
    daemon.send_line(R"({"jsonrpc":"2.0","id":"never-asked","result":{}})");
    daemon.send_line(R"({"jsonrpc":"2.0","id":"after","method":"ping"})");
    const auto next = daemon.read_message();
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(next->at("id"), "after");
}

}  // namespace
}  // namespace plugboard::integration
