// Resources, resource templates, prompts, completions, and registering or
// removing items while the plugin runs.
#include <plugboard/plugin.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "test_plugin.hpp"

namespace {

using nlohmann::json;
using plugboard::Plugin;
using plugboard::PromptArguments;
using plugboard::PromptMessage;

class Items : public cxxapi_test::PluginTest {};

TEST_F(Items, StaticResourceReturnsItsText) {
    ASSERT_TRUE(
        load([](Plugin& plugin, const json&) {
            plugin.resource(
                {{"uri", "config://app"}, {"name", "app"}, {"mimeType", "application/json"}},
                [] { return std::string(R"({"debug":false})"); });
        }).ok());
    EXPECT_EQ(host.definition(PB_ITEM_RESOURCE, "config://app"),
              json::parse(R"({"uri":"config://app","name":"app","mimeType":"application/json"})"));
    const auto result = host.read_resource("config://app");
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json, json::parse(R"({"contents":[
        {"uri":"config://app","mimeType":"application/json","text":"{\"debug\":false}"}]})"));
}

TEST_F(Items, ResourceMayReturnSeveralContents) {
    ASSERT_TRUE(load([](Plugin& plugin, const json&) {
                    plugin.resource({{"uri", "img://logo"}, {"name", "logo"}}, [] {
                        return std::vector<json>{
                            plugboard::blob_resource("img://logo", "iVBORw0=", "image/png"),
                            plugboard::text_resource("img://logo", "a logo")};
                    });
                }).ok());
    EXPECT_EQ(host.read_resource("img://logo").json, json::parse(R"({"contents":[
        {"uri":"img://logo","blob":"iVBORw0=","mimeType":"image/png"},
        {"uri":"img://logo","text":"a logo"}]})"));
}

TEST_F(Items, ResourceErrorsAreProtocolErrors) {
    ASSERT_TRUE(
        load([](Plugin& plugin, const json&) {
            plugin.resource({{"uri", "x://gone"}, {"name", "gone"}}, []() -> std::string {
                throw plugboard::ProtocolError(plugboard::Status::not_found, "gone for good");
            });
            plugin.resource({{"uri", "x://broken"}, {"name", "broken"}},
                            []() -> std::string { throw std::runtime_error("disk error"); });
        }).ok());
    const auto gone = host.read_resource("x://gone");
    EXPECT_EQ(gone.status, PB_ERR_NOT_FOUND);
    EXPECT_EQ(gone.message, "gone for good");
    const auto broken = host.read_resource("x://broken");
    EXPECT_EQ(broken.status, PB_ERR_INTERNAL);
    EXPECT_EQ(broken.message, "disk error");
}

TEST_F(Items, TemplateHandlerGetsTheUriAndVariables) {
    ASSERT_TRUE(
        load([](Plugin& plugin, const json&) {
            plugin.resource_template(
                {{"uriTemplate", "notes://{id}"}, {"name", "note"}, {"mimeType", "text/plain"}},
                [](const std::string& uri, const json& variables) {
                    return "note " + variables["id"].get<std::string>() + " at " + uri;
                });
        }).ok());
    const auto result = host.read_template("notes://{id}", R"({"id":"42"})");
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json, json::parse(R"({"contents":[
        {"uri":"notes://42","mimeType":"text/plain","text":"note 42 at notes://42"}]})"));
}

std::vector<PromptMessage> review_prompt(const PromptArguments& arguments) {
    const auto style = arguments.find("style");
    return {plugboard::user_message(
                "Review this " + arguments.at("language") + " code" +
                (style == arguments.end() ? "" : " in a " + style->second + " tone")),
            plugboard::assistant_message("Paste it."),
            {"user", plugboard::image_content("iVBORw0=", "image/png")}};
}

class Prompts : public Items {
  protected:
    void SetUp() override {
        ASSERT_TRUE(load([](Plugin& plugin, const json&) {
                        plugin.prompt(
                            "review", "Asks for a code review",
                            {{"language", "Programming language", true}, {"style", "Tone"}},
                            review_prompt);
                    }).ok());
    }
};

TEST_F(Prompts, DefinitionListsTheArguments) {
    EXPECT_EQ(host.definition(PB_ITEM_PROMPT, "review"), json::parse(R"({
        "name": "review",
        "description": "Asks for a code review",
        "arguments": [
            {"name": "language", "description": "Programming language", "required": true},
            {"name": "style", "description": "Tone"}
        ]
    })"));
}

TEST_F(Prompts, ReturnsTheMessages) {
    const auto result = host.get_prompt("review", R"({"language":"C++","style":"kind"})");
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json, json::parse(R"({
        "description": "Asks for a code review",
        "messages": [
            {"role": "user", "content": {"type": "text", "text": "Review this C++ code in a kind tone"}},
            {"role": "assistant", "content": {"type": "text", "text": "Paste it."}},
            {"role": "user", "content": {"type": "image", "data": "iVBORw0=", "mimeType": "image/png"}}
        ]
    })"));
}

TEST_F(Prompts, MissingRequiredArgumentIsInvalidParams) {
    const auto result = host.get_prompt("review", R"({"style":"kind"})");
    EXPECT_EQ(result.status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(result.message, "missing required argument 'language'");
}

TEST_F(Prompts, NonStringArgumentIsInvalidParams) {
    const auto result = host.get_prompt("review", R"({"language":3})");
    EXPECT_EQ(result.status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(result.message, "prompt argument 'language' must be a string");
}

TEST_F(Items, CompletesPromptArguments) {
    ASSERT_TRUE(
        load([](Plugin& plugin, const json&) {
            plugin.completion(plugboard::prompt_ref("review"), [](const std::string& argument,
                                                                  const std::string& value) {
                std::vector<std::string> matches;
                for (const char* language : {"c", "c++", "cobol", "rust"}) {
                    if (argument == "language" && std::string(language).starts_with(value)) {
                        matches.emplace_back(language);
                    }
                }
                return matches;
            });
        }).ok());
    EXPECT_EQ(host.definitions(PB_ITEM_COMPLETION),
              std::vector<json>{json::parse(R"({"ref":{"type":"ref/prompt","name":"review"}})")});
    const auto result = host.complete(R"({"type":"ref/prompt","name":"review"})",
                                      R"({"name":"language","value":"c"})");
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(
        result.json,
        json::parse(R"({"completion":{"values":["c","c++","cobol"],"total":3,"hasMore":false}})"));
}

TEST_F(Items, CompletionSendsAtMostAHundredValues) {
    ASSERT_TRUE(load([](Plugin& plugin, const json&) {
                    plugin.completion(plugboard::template_ref("files://{name}"),
                                      [](const std::string&, const std::string&) {
                                          std::vector<std::string> names;
                                          for (int i = 0; i < 150; ++i)
                                              names.push_back("f" + std::to_string(i));
                                          return names;
                                      });
                }).ok());
    const auto result = host.complete(R"({"type":"ref/resource","uri":"files://{name}"})",
                                      R"({"name":"name","value":""})");
    const json& completion = result.json["completion"];
    EXPECT_EQ(completion["values"].size(), 100u);
    EXPECT_EQ(completion["values"][99], "f99");
    EXPECT_EQ(completion["total"], 150);
    EXPECT_EQ(completion["hasMore"], true);
}

TEST_F(Items, CompletionSeesTheContextArguments) {
    ASSERT_TRUE(load([](Plugin& plugin, const json&) {
                    plugin.completion(
                        plugboard::template_ref("repo://{owner}/{name}"),
                        [](const std::string&, const std::string& value, const json& context) {
                            return std::vector<std::string>{context.value("owner", "?") + "/" +
                                                            value + "-core"};
                        });
                }).ok());
    const auto result = host.complete(R"({"type":"ref/resource","uri":"repo://{owner}/{name}"})",
                                      R"({"name":"name","value":"mcp"})", R"({"owner":"acme"})");
    EXPECT_EQ(result.json["completion"]["values"], json::parse(R"(["acme/mcp-core"])"));
}

TEST_F(Items, RegistersAndRemovesItemsAtRuntime) {
    Plugin& plugin = load_plugin();
    plugin.tool("late", "Added after setup", [] { return "here"; });
    EXPECT_EQ(host.call_tool("late").json["content"][0]["text"], "here");
    EXPECT_TRUE(plugin.unregister(plugboard::ItemKind::tool, "late"));
    EXPECT_FALSE(plugin.unregister(plugboard::ItemKind::tool, "late"));
    EXPECT_EQ(host.call_tool("late").status, PB_ERR_NOT_FOUND);
    EXPECT_EQ(host.list_changes(), (std::vector<std::uint32_t>{PB_ITEM_TOOL, PB_ITEM_TOOL}));
}

TEST_F(Items, RuntimeRegistrationErrorThrows) {
    Plugin& plugin = load_plugin();
    plugin.tool("once", "", [] {});
    try {
        plugin.tool("once", "", [] {});
        FAIL() << "no exception";
    } catch (const plugboard::RegistrationError& error) {
        EXPECT_EQ(error.status(), plugboard::Status::invalid_params);
        EXPECT_STREQ(error.what(), "'once' is already registered");
    }
    EXPECT_THROW(plugin.resource({{"uri", "x://nameless"}}, [] { return std::string(); }),
                 plugboard::RegistrationError);
}

TEST_F(Items, TellsTheHostAboutUpdatesAndLogs) {
    Plugin& plugin = load_plugin();
    plugin.resource_updated("config://app");
    plugin.log(plugboard::LogLevel::notice, "reloaded");
    EXPECT_EQ(host.updated_resources(), std::vector<std::string>{"config://app"});
    ASSERT_EQ(host.host_logs().size(), 1u);
    EXPECT_EQ(host.host_logs()[0].level, PB_LOG_NOTICE);
    EXPECT_EQ(host.host_logs()[0].message, "reloaded");
    EXPECT_EQ(plugin.host_abi_minor(), PB_ABI_MINOR);
}

}  // namespace
