// Resources: templates, reads through them, unknown URIs and subscriptions.
#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using ResourcesTest = DaemonTest;

TEST_F(ResourcesTest, ListsTheBundledTemplates) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result = result_of(daemon.request("resources/templates/list"));
    EXPECT_EQ(members(result.at("resourceTemplates").as_array(), "uriTemplate"),
              (std::set<std::string>{"echo://{message}", "greeting://{name}"}));
}

TEST_F(ResourcesTest, ListsNoFixedResources) {
    auto& daemon = start_initialized(kBundledConfig);
    EXPECT_EQ(result_of(daemon.request("resources/list")),
              (bj::object{{"resources", bj::array{}}}));
}

TEST_F(ResourcesTest, ReadsThroughTheEchoTemplate) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result = result_of(daemon.request("resources/read", {{"uri", "echo://hello"}}));
    EXPECT_EQ(result.at("contents"),
              bj::parse(R"([{"uri": "echo://hello", "mimeType": "text/plain", "text": "hello"}])"));
}

TEST_F(ResourcesTest, ReadsThroughTheGreetingTemplateWithItsConfig) {
    auto& daemon = start_initialized(
        "plugins:\n  greeting:\n    path: ${PLUGINS}/greeting.so\n    config: {greeting: Hi}\n");
    const auto result = result_of(daemon.request("resources/read", {{"uri", "greeting://Ann"}}));
    EXPECT_EQ(result.at("contents").at(0).at("text"), "Hi, Ann!");
}

TEST_F(ResourcesTest, UnknownUriIsResourceNotFoundWithTheUri) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto response = daemon.request("resources/read", {{"uri", "nope://x"}});
    EXPECT_EQ(error_code(response), -32002);
    EXPECT_EQ(error_of(response).at("data"), (bj::object{{"uri", "nope://x"}}));
}

TEST_F(ResourcesTest, ReadWithoutUriIsInvalidParams) {
    auto& daemon = start_initialized(kBundledConfig);
    EXPECT_EQ(error_code(daemon.request("resources/read")), -32602);
}

TEST_F(ResourcesTest, SubscribeAndUnsubscribeAnswerAnEmptyResult) {
    auto& daemon = start_initialized(kBundledConfig);
    EXPECT_EQ(result_of(daemon.request("resources/subscribe", {{"uri", "echo://hello"}})),
              bj::object{});
    EXPECT_EQ(result_of(daemon.request("resources/unsubscribe", {{"uri", "echo://hello"}})),
              bj::object{});
    EXPECT_EQ(error_code(daemon.request("resources/subscribe")), -32602);
}

}  // namespace
}  // namespace plugboard::integration
