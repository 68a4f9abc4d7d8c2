// Prompts and argument completion.
#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using PromptsTest = DaemonTest;

bj::object complete_params(bj::object ref, std::string_view argument, std::string_view value) {
    return {{"ref", std::move(ref)}, {"argument", {{"name", argument}, {"value", value}}}};
}

TEST_F(PromptsTest, ListsTheBundledPrompts) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result = result_of(daemon.request("prompts/list"));
    EXPECT_EQ(members(result.at("prompts").as_array()), (std::set<std::string>{"echo", "greet"}));
}

TEST_F(PromptsTest, GetsTheEchoPrompt) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result = result_of(
        daemon.request("prompts/get", {{"name", "echo"}, {"arguments", {{"message", "hi"}}}}));
    EXPECT_EQ(
        result.at("messages"),
        bj::parse(
            R"([{"role": "user", "content": {"type": "text", "text": "Please process this message: hi"}}])"));
}

TEST_F(PromptsTest, MissingRequiredArgumentIsInvalidParams) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto response =
        daemon.request("prompts/get", {{"name", "echo"}, {"arguments", bj::object{}}});
    EXPECT_EQ(error_code(response), -32602);
    EXPECT_NE(error_message(response).find("message"), std::string::npos)
        << error_message(response);
}

TEST_F(PromptsTest, UnknownPromptIsInvalidParams) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto response = daemon.request("prompts/get", {{"name", "nope"}});
    EXPECT_EQ(error_code(response), -32602);
    EXPECT_NE(error_message(response).find("nope"), std::string::npos);
}

TEST_F(PromptsTest, CompletesTheGreetingStyle) {
    auto& daemon = start_initialized(kBundledConfig);
    const bj::object ref{{"type", "ref/prompt"}, {"name", "greet"}};
    const auto formal =
        result_of(daemon.request("completion/complete", complete_params(ref, "style", "f")));
    EXPECT_EQ(formal.at("completion").at("values"), bj::array{"formal"});
    const auto all =
        result_of(daemon.request("completion/complete", complete_params(ref, "style", "")));
    EXPECT_EQ(all.at("completion").at("values"), (bj::array{"formal", "casual"}));
}

TEST_F(PromptsTest, CompletesNothingForAPromptWithoutProvider) {
    auto& daemon = start_initialized(kBundledConfig);
    const auto result = result_of(daemon.request(
        "completion/complete",
        complete_params({{"type", "ref/prompt"}, {"name", "echo"}}, "message", "x")));
    EXPECT_EQ(result.at("completion").at("values"), bj::array{});
}

TEST_F(PromptsTest, CompletionForAnUnknownReferenceIsInvalidParams) {
    auto& daemon = start_initialized(kBundledConfig);
    EXPECT_EQ(error_code(daemon.request(
                  "completion/complete",
                  complete_params({{"type", "ref/prompt"}, {"name", "nope"}}, "a", ""))),
              -32602);
    EXPECT_EQ(error_code(daemon.request(
                  "completion/complete",
                  complete_params({{"type", "ref/resource"}, {"uri", "nope://{x}"}}, "x", ""))),
              -32602);
    EXPECT_EQ(error_code(daemon.request("completion/complete",
                                        complete_params({{"type", "ref/other"}}, "a", ""))),
              -32602);
}

}  // namespace
}  // namespace plugboard::integration
