#include "registry/registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_items.hpp"

namespace plugboard::registry {
namespace {

using core_test::make_item;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr std::string_view kSearchTool =
    R"({"name":"search","description":"Finds things","inputSchema":{"type":"object","properties":{"q":{"type":"string"}}}})";

class RegistryTest : public ::testing::Test {
  protected:
    explicit RegistryTest(Registry::Settings settings = {}) : registry_(std::move(settings)) {}

    Registry::AddResult add(host::PluginInstance& plugin, ItemKind kind,
                            std::string_view definition,
                            std::optional<std::string> name_space = std::nullopt) {
        return registry_.add(plugins_.owner(plugin, std::move(name_space)),
                             make_item(kind, definition));
    }
    ItemPtr add_ok(host::PluginInstance& plugin, ItemKind kind, std::string_view definition,
                   std::optional<std::string> name_space = std::nullopt) {
        auto result = add(plugin, kind, definition, std::move(name_space));
        EXPECT_NE(result.item, nullptr) << result.error;
        EXPECT_EQ(result.error, "");
        return result.item;
    }
    std::string refusal(ItemKind kind, std::string_view definition) {
        auto result = add(plugins_.alpha, kind, definition);
        EXPECT_EQ(result.item, nullptr) << definition;
        return result.error;
    }
    std::vector<std::string> keys(ItemKind kind) const {
        std::vector<std::string> out;
        for (const auto& item : registry_.snapshot()->items(kind))
            out.push_back(item->key);
        return out;
    }

    Registry registry_;
    core_test::TwoPlugins plugins_{registry_};
};

TEST_F(RegistryTest, AddsAToolWithItsSchema) {
    const ItemPtr tool = add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    ASSERT_NE(tool, nullptr);
    EXPECT_EQ(tool->kind, ItemKind::Tool);
    EXPECT_EQ(tool->key, "search");
    EXPECT_EQ(tool->plugin_key, "search");
    EXPECT_EQ(tool->plugin, &plugins_.alpha);
    EXPECT_EQ(tool->plugin_name, "alpha");
    EXPECT_EQ(tool->handler, &core_test::unused_handler);
    ASSERT_NE(tool->input_schema, nullptr);
    EXPECT_EQ(core_test::parse_json(tool->definition), core_test::parse_json(kSearchTool));
    EXPECT_EQ(registry_.snapshot()->find(ItemKind::Tool, "search"), tool);
    EXPECT_EQ(registry_.snapshot()->find(ItemKind::Prompt, "search"), nullptr);
}

TEST_F(RegistryTest, AddsResourcesAndTemplates) {
    const ItemPtr resource =
        add_ok(plugins_.alpha, ItemKind::Resource, R"({"uri":"file:///etc/motd","name":"motd"})");
    ASSERT_NE(resource, nullptr);
    EXPECT_EQ(resource->key, "file:///etc/motd");

    const ItemPtr templ = add_ok(plugins_.alpha, ItemKind::ResourceTemplate,
                                 R"({"uriTemplate":"users://{id}/profile","name":"profile"})");
    ASSERT_NE(templ, nullptr);
    EXPECT_EQ(templ->key, "users://{id}/profile");
    ASSERT_NE(templ->uri_template, nullptr);
    EXPECT_THAT(templ->uri_template->variable_names(), ElementsAre("id"));
}

TEST_F(RegistryTest, AddsAPromptAndRemembersRequiredArguments) {
    const ItemPtr prompt = add_ok(plugins_.alpha, ItemKind::Prompt, R"({"name":"greet","arguments":[
        {"name":"who","required":true},{"name":"tone"},{"name":"lang","required":false},
        {"name":"when","required":true}]})");
    ASSERT_NE(prompt, nullptr);
    EXPECT_EQ(prompt->key, "greet");
    EXPECT_THAT(prompt->required_arguments, ElementsAre("who", "when"));
}

TEST_F(RegistryTest, AddsCompletionProvidersByReference) {
    add_ok(plugins_.alpha, ItemKind::Prompt, R"({"name":"greet"})");
    const ItemPtr for_prompt = add_ok(plugins_.alpha, ItemKind::Completion,
                                      R"({"ref":{"type":"ref/prompt","name":"greet"}})");
    ASSERT_NE(for_prompt, nullptr);
    EXPECT_EQ(for_prompt->key, "prompt:greet");
    EXPECT_EQ(for_prompt->plugin_key, "prompt:greet");

    const ItemPtr for_template =
        add_ok(plugins_.alpha, ItemKind::Completion,
               R"({"ref":{"type":"ref/resource","uri":"users://{id}/profile"}})");
    ASSERT_NE(for_template, nullptr);
    EXPECT_EQ(for_template->key, "resource:users://{id}/profile");

    EXPECT_EQ(refusal(ItemKind::Completion, R"({"ref":{"type":"ref/prompt","name":"greet"}})"),
              "a completion provider for prompt:greet exists already");
}

TEST_F(RegistryTest, CompletionFollowsItsPluginsNamespacedPrompt) {
    add_ok(plugins_.alpha, ItemKind::Prompt, R"({"name":"greet"})");
    add_ok(plugins_.beta, ItemKind::Prompt, R"({"name":"greet"})");
    const ItemPtr completion = add_ok(plugins_.beta, ItemKind::Completion,
                                      R"({"ref":{"type":"ref/prompt","name":"greet"}})");
    ASSERT_NE(completion, nullptr);
    EXPECT_EQ(completion->key, "prompt:beta_greet");
    EXPECT_EQ(completion->plugin_key, "prompt:greet");
}

TEST_F(RegistryTest, RefusesBrokenDefinitions) {
    EXPECT_THAT(refusal(ItemKind::Tool, R"({"name":"x",)"),
                StartsWith("tool definition is not valid JSON: "));
    EXPECT_EQ(refusal(ItemKind::Prompt, R"(["greet"])"), "prompt definition must be a JSON object");
    EXPECT_EQ(refusal(ItemKind::Tool, R"({"inputSchema":{"type":"object"}})"),
              R"(tool definition needs a non-empty "name")");
    EXPECT_EQ(refusal(ItemKind::Prompt, R"({"name":""})"),
              R"(prompt definition needs a non-empty "name")");
    EXPECT_EQ(refusal(ItemKind::Prompt, R"({"name":7})"),
              R"(prompt definition needs a non-empty "name")");
}

TEST_F(RegistryTest, RefusesItemsWithoutHandlerOrKind) {
    pb_item no_handler = make_item(ItemKind::Tool, kSearchTool, nullptr);
    EXPECT_EQ(registry_.add(plugins_.owner(plugins_.alpha), no_handler).error,
              "tool without a handler");
    pb_item no_definition = make_item(ItemKind::Resource, kSearchTool);
    no_definition.definition_json = nullptr;
    EXPECT_EQ(registry_.add(plugins_.owner(plugins_.alpha), no_definition).error,
              "resource without a definition");
    pb_item unknown = make_item(ItemKind::Tool, kSearchTool);
    unknown.kind = 9;
    EXPECT_EQ(registry_.add(plugins_.owner(plugins_.alpha), unknown).error, "unknown item kind 9");
    EXPECT_TRUE(keys(ItemKind::Tool).empty());
}

TEST_F(RegistryTest, RefusesBadToolNames) {
    for (std::string_view name : {"has space", "slash/name", "caf\xc3\xa9", "colon:x"}) {
        const std::string definition =
            R"({"name":")" + std::string(name) + R"(","inputSchema":{"type":"object"}})";
        EXPECT_EQ(refusal(ItemKind::Tool, definition),
                  "tool name \"" + std::string(name) +
                      "\" must be 1-128 characters of A-Z a-z 0-9 _ - .");
    }
    EXPECT_TRUE(is_valid_tool_name("a.B-c_9"));
    EXPECT_FALSE(is_valid_tool_name(""));
    EXPECT_FALSE(is_valid_tool_name(std::string(129, 'a')));
}

TEST_F(RegistryTest, RefusesNamesLongerThan64) {
    const std::string name64(64, 'n');
    add_ok(plugins_.alpha, ItemKind::Tool,
           R"({"name":")" + name64 + R"(","inputSchema":{"type":"object"}})");
    EXPECT_EQ(
        refusal(ItemKind::Tool, R"({"name":")" + name64 + R"(x","inputSchema":{"type":"object"}})"),
        "tool name \"" + name64 + "x\" is longer than 64 characters");

    // Short enough as registered, too long once namespaced.
    const std::string name62(62, 'm');
    auto namespaced = add(plugins_.beta, ItemKind::Tool,
                          R"({"name":")" + name62 + R"(","inputSchema":{"type":"object"}})", "ns");
    EXPECT_EQ(namespaced.item, nullptr);
    EXPECT_EQ(namespaced.error, "tool name \"ns_" + name62 + "\" is longer than 64 characters");
}

TEST_F(RegistryTest, RefusesToolsWithoutAnObjectSchema) {
    EXPECT_EQ(refusal(ItemKind::Tool, R"({"name":"t"})"),
              R"(tool "t" needs an "inputSchema" object)");
    EXPECT_EQ(refusal(ItemKind::Tool, R"({"name":"t","inputSchema":true})"),
              R"(tool "t" needs an "inputSchema" object)");
    EXPECT_EQ(refusal(ItemKind::Tool, R"({"name":"t","inputSchema":{"type":"string"}})"),
              R"(tool "t" inputSchema must have "type": "object")");
    EXPECT_EQ(refusal(ItemKind::Tool, R"({"name":"t","inputSchema":{}})"),
              R"(tool "t" inputSchema must have "type": "object")");
    EXPECT_THAT(
        refusal(
            ItemKind::Tool,
            R"({"name":"t","inputSchema":{"type":"object","properties":{"a":{"type":"strin"}}}})"),
        AllOf(StartsWith(R"(tool "t" inputSchema is unusable: )"), HasSubstr("unknown type")));
    EXPECT_EQ(refusal(ItemKind::Tool,
                      R"({"name":"t","inputSchema":{"type":"object"},"outputSchema":[]})"),
              R"(tool "t" outputSchema must be an object)");
    EXPECT_THAT(
        refusal(ItemKind::Tool,
                R"({"name":"t","inputSchema":{"type":"object"},"outputSchema":{"minimum":"5"}})"),
        StartsWith(R"(tool "t" outputSchema is unusable: )"));
}

TEST_F(RegistryTest, RefusesBrokenResources) {
    EXPECT_EQ(refusal(ItemKind::Resource, R"({"uri":"no-scheme","name":"x"})"),
              R"(resource definition needs a "uri" with a scheme)");
    EXPECT_EQ(refusal(ItemKind::Resource, R"({"name":"x"})"),
              R"(resource definition needs a "uri" with a scheme)");
    EXPECT_EQ(refusal(ItemKind::Resource, R"({"uri":"file:///a"})"),
              R"(resource "file:///a" needs a "name")");
    EXPECT_EQ(refusal(ItemKind::ResourceTemplate, R"({"name":"x"})"),
              R"(resource template definition needs a "uriTemplate")");
    EXPECT_EQ(refusal(ItemKind::ResourceTemplate, R"({"uriTemplate":"a://{id}"})"),
              R"(resource template "a://{id}" needs a "name")");
    EXPECT_THAT(refusal(ItemKind::ResourceTemplate, R"({"uriTemplate":"a://{id","name":"x"})"),
                StartsWith(R"(resource template "a://{id" is malformed: )"));
}

TEST_F(RegistryTest, RefusesBrokenPromptArguments) {
    EXPECT_EQ(refusal(ItemKind::Prompt, R"({"name":"p","arguments":{}})"),
              R"(prompt "p" arguments must be an array)");
    EXPECT_EQ(refusal(ItemKind::Prompt, R"({"name":"p","arguments":[{"required":true}]})"),
              R"(prompt "p" has an argument without a name)");
}

TEST_F(RegistryTest, RefusesCompletionsWithoutAReference) {
    const std::string expected =
        R"(completion definition needs "ref": {"type": "ref/prompt", "name"} or {"type": "ref/resource", "uri"})";
    EXPECT_EQ(refusal(ItemKind::Completion, R"({})"), expected);
    EXPECT_EQ(refusal(ItemKind::Completion, R"({"ref":{"type":"ref/prompt"}})"), expected);
    EXPECT_EQ(refusal(ItemKind::Completion, R"({"ref":{"type":"ref/tool","name":"x"}})"), expected);
    EXPECT_EQ(refusal(ItemKind::Completion, R"({"ref":"prompt:x"})"), expected);
}

TEST_F(RegistryTest, OrdersItemsByKeyWhateverTheInsertionOrder) {
    for (std::string_view definition : {R"({"name":"charlie"})", R"({"name":"alpha"})",
                                        R"({"name":"bravo"})", R"({"name":"Zulu"})"}) {
        add_ok(plugins_.alpha, ItemKind::Prompt, definition);
    }
    EXPECT_THAT(keys(ItemKind::Prompt), ElementsAre("Zulu", "alpha", "bravo", "charlie"));
}

TEST_F(RegistryTest, NamespacesTheLaterPluginsClashingName) {
    add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    const ItemPtr second = add_ok(plugins_.beta, ItemKind::Tool, kSearchTool);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->key, "beta_search");
    EXPECT_EQ(second->plugin_key, "search");
    EXPECT_EQ(core_test::parse_json(second->definition).at("name"), "beta_search");
    EXPECT_THAT(keys(ItemKind::Tool), ElementsAre("beta_search", "search"));
    EXPECT_EQ(registry_.snapshot()->find(ItemKind::Tool, "search")->plugin, &plugins_.alpha);

    // A third clash has nowhere left to go.
    EXPECT_EQ(add(plugins_.beta, ItemKind::Tool, kSearchTool).error,
              R"(tool "beta_search" is already provided by plugin "beta")");
}

// register_item promises an error "when its name is taken". A plugin that
// registers the same name twice must not get the second one silently renamed
// after itself ("alpha_search"), which the conflict policy meant for two
// different plugins.
TEST_F(RegistryTest, APluginCannotRegisterTheSameNameTwice) {
    add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    const auto again = add(plugins_.alpha, ItemKind::Tool, kSearchTool);
    EXPECT_EQ(again.item, nullptr) << "registered as " << again.item->key;
    EXPECT_THAT(keys(ItemKind::Tool), ElementsAre("search"));
}

TEST_F(RegistryTest, ExplicitNamespaceAlwaysPrefixes) {
    const ItemPtr tool = add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool, "calc");
    ASSERT_NE(tool, nullptr);
    EXPECT_EQ(tool->key, "calc_search");
    EXPECT_EQ(tool->plugin_key, "search");
    const ItemPtr prompt = add_ok(plugins_.alpha, ItemKind::Prompt, R"({"name":"greet"})", "calc");
    ASSERT_NE(prompt, nullptr);
    EXPECT_EQ(prompt->key, "calc_greet");
    // Resources are keyed by URI and never namespaced.
    const ItemPtr resource =
        add_ok(plugins_.alpha, ItemKind::Resource, R"({"uri":"file:///x","name":"x"})", "calc");
    ASSERT_NE(resource, nullptr);
    EXPECT_EQ(resource->key, "file:///x");
}

TEST_F(RegistryTest, ResourcesNeverShareAUri) {
    add_ok(plugins_.alpha, ItemKind::Resource, R"({"uri":"file:///x","name":"x"})");
    EXPECT_EQ(add(plugins_.beta, ItemKind::Resource, R"({"uri":"file:///x","name":"other"})").error,
              R"(resource "file:///x" is already provided by plugin "alpha")");
    add_ok(plugins_.alpha, ItemKind::ResourceTemplate, R"({"uriTemplate":"a://{id}","name":"a"})");
    EXPECT_EQ(
        add(plugins_.beta, ItemKind::ResourceTemplate, R"({"uriTemplate":"a://{id}","name":"b"})")
            .error,
        R"(resource template "a://{id}" is already provided by plugin "alpha")");
}

class ErrorPolicyRegistryTest : public RegistryTest {
  protected:
    ErrorPolicyRegistryTest() : RegistryTest({config::ConflictPolicy::Error, "_"}) {}
};

TEST_F(ErrorPolicyRegistryTest, RefusesTheClashingName) {
    add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    const auto refused = add(plugins_.beta, ItemKind::Tool, kSearchTool);
    EXPECT_EQ(refused.item, nullptr);
    EXPECT_EQ(
        refused.error,
        R"(tool "search" is already provided by plugin "alpha" (registry.on_conflict is "error"))");
    // An explicit namespace still avoids the clash.
    const ItemPtr namespaced = add_ok(plugins_.beta, ItemKind::Tool, kSearchTool, "beta");
    ASSERT_NE(namespaced, nullptr);
    EXPECT_EQ(namespaced->key, "beta_search");
}

class DotSeparatorRegistryTest : public RegistryTest {
  protected:
    DotSeparatorRegistryTest() : RegistryTest({config::ConflictPolicy::Namespace, "."}) {}
};

TEST_F(DotSeparatorRegistryTest, UsesTheConfiguredSeparator) {
    add_ok(plugins_.alpha, ItemKind::Prompt, R"({"name":"greet"})");
    const ItemPtr clashing = add_ok(plugins_.beta, ItemKind::Prompt, R"({"name":"greet"})");
    ASSERT_NE(clashing, nullptr);
    EXPECT_EQ(clashing->key, "beta.greet");
    const ItemPtr explicit_ns = add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool, "ns");
    ASSERT_NE(explicit_ns, nullptr);
    EXPECT_EQ(explicit_ns->key, "ns.search");
}

TEST_F(RegistryTest, RemovesByThePluginsOwnKey) {
    add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    add_ok(plugins_.beta, ItemKind::Tool, kSearchTool);
    EXPECT_FALSE(registry_.remove(&plugins_.beta, ItemKind::Tool, "beta_search"));
    EXPECT_FALSE(registry_.remove(&plugins_.beta, ItemKind::Prompt, "search"));
    EXPECT_TRUE(registry_.remove(&plugins_.beta, ItemKind::Tool, "search"));
    EXPECT_THAT(keys(ItemKind::Tool), ElementsAre("search"));
    EXPECT_FALSE(registry_.remove(&plugins_.beta, ItemKind::Tool, "search"));
    EXPECT_TRUE(registry_.remove(&plugins_.alpha, ItemKind::Tool, "search"));
    EXPECT_TRUE(keys(ItemKind::Tool).empty());
}

TEST_F(RegistryTest, RemoveAllTakesOnlyThatPluginsItems) {
    add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    add_ok(plugins_.alpha, ItemKind::Resource, R"({"uri":"file:///a","name":"a"})");
    add_ok(plugins_.beta, ItemKind::Prompt, R"({"name":"greet"})");
    add_ok(plugins_.beta, ItemKind::Resource, R"({"uri":"file:///b","name":"b"})");
    registry_.remove_all(&plugins_.alpha);
    EXPECT_TRUE(keys(ItemKind::Tool).empty());
    EXPECT_THAT(keys(ItemKind::Resource), ElementsAre("file:///b"));
    EXPECT_THAT(keys(ItemKind::Prompt), ElementsAre("greet"));
}

TEST_F(RegistryTest, TellsTheListenerWhichKindChanged) {
    std::vector<ItemKind> changes;
    registry_.set_change_listener([&](ItemKind kind) { changes.push_back(kind); });
    add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    add_ok(plugins_.alpha, ItemKind::ResourceTemplate, R"({"uriTemplate":"a://{id}","name":"a"})");
    add(plugins_.alpha, ItemKind::Resource, R"({"uri":"broken"})");  // refused: no change
    add_ok(plugins_.beta, ItemKind::Prompt, R"({"name":"greet"})");
    registry_.remove(&plugins_.beta, ItemKind::Prompt, "greet");
    registry_.remove(&plugins_.beta, ItemKind::Prompt, "greet");  // nothing left: no change
    EXPECT_THAT(changes, ElementsAre(ItemKind::Tool, ItemKind::ResourceTemplate, ItemKind::Prompt,
                                     ItemKind::Prompt));

    changes.clear();
    add_ok(plugins_.alpha, ItemKind::Prompt, R"({"name":"p"})");
    changes.clear();
    registry_.remove_all(&plugins_.alpha);
    EXPECT_THAT(changes, ElementsAre(ItemKind::Tool, ItemKind::ResourceTemplate, ItemKind::Prompt));
    changes.clear();
    registry_.remove_all(&plugins_.alpha);
    EXPECT_TRUE(changes.empty());
}

TEST_F(RegistryTest, SnapshotsDoNotSeeLaterChanges) {
    add_ok(plugins_.alpha, ItemKind::Tool, kSearchTool);
    const auto before = registry_.snapshot();
    add_ok(plugins_.alpha, ItemKind::Prompt, R"({"name":"greet"})");
    registry_.remove(&plugins_.alpha, ItemKind::Tool, "search");
    EXPECT_EQ(before->items(ItemKind::Tool).size(), 1u);
    EXPECT_NE(before->find(ItemKind::Tool, "search"), nullptr);
    EXPECT_TRUE(before->items(ItemKind::Prompt).empty());
    const auto after = registry_.snapshot();
    EXPECT_TRUE(after->items(ItemKind::Tool).empty());
    EXPECT_EQ(after->items(ItemKind::Prompt).size(), 1u);
}

TEST_F(RegistryTest, MatchesTheFirstFittingTemplate) {
    add_ok(plugins_.alpha, ItemKind::ResourceTemplate,
           R"({"uriTemplate":"users://{id}/posts/{post}","name":"post"})");
    add_ok(plugins_.alpha, ItemKind::ResourceTemplate,
           R"({"uriTemplate":"users://{id}/profile","name":"profile"})");
    const auto snapshot = registry_.snapshot();

    uri::Variables variables;
    const ItemPtr profile = snapshot->match_template("users://42/profile", variables);
    ASSERT_NE(profile, nullptr);
    EXPECT_EQ(profile->key, "users://{id}/profile");
    EXPECT_EQ(variables, (uri::Variables{{"id", "42"}}));

    const ItemPtr post = snapshot->match_template("users://a%20b/posts/7", variables);
    ASSERT_NE(post, nullptr);
    EXPECT_EQ(post->key, "users://{id}/posts/{post}");
    EXPECT_EQ(variables, (uri::Variables{{"id", "a b"}, {"post", "7"}}));

    EXPECT_EQ(snapshot->match_template("groups://1/profile", variables), nullptr);
}

TEST(ItemKind, ConvertsFromTheAbiValue) {
    EXPECT_EQ(item_kind_from(PB_ITEM_TOOL), ItemKind::Tool);
    EXPECT_EQ(item_kind_from(PB_ITEM_COMPLETION), ItemKind::Completion);
    EXPECT_EQ(item_kind_from(0), std::nullopt);
    EXPECT_EQ(item_kind_from(6), std::nullopt);
    EXPECT_EQ(to_string(ItemKind::ResourceTemplate), "resource template");
}

}  // namespace
}  // namespace plugboard::registry
