// Typed tools through the fake host: definitions, argument conversion,
// return values and how failures come out.
#include <plugboard/plugin.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_plugin.hpp"

enum class Shape { circle, square };
PLUGBOARD_ENUM(Shape, {Shape::circle, "circle"}, {Shape::square, "square"});

namespace inventory {

struct Stock {
    std::string item;
    int count = 0;
};

void to_json(nlohmann::json& json, const Stock& stock) {
    json = {{"item", stock.item}, {"count", stock.count}};
}

}  // namespace inventory

namespace {

using nlohmann::json;
using plugboard::Plugin;
using plugboard::ToolResult;

class Tools : public cxxapi_test::PluginTest {
  protected:
    // Registers one tool and calls it.
    template <class Register>
    plugboard::testing::CallResult call(Register register_tool, std::string_view arguments = "{}") {
        EXPECT_TRUE(load([&](Plugin& plugin, const json&) { register_tool(plugin); }).ok());
        return host.call_tool("t", arguments);
    }
};

TEST_F(Tools, DefinitionCarriesNameDescriptionSchemaAndExtras) {
    ASSERT_TRUE(load([](Plugin& plugin, const json&) {
                    plugin.tool("add", "Adds two numbers", [](double a, double b) { return a + b; },
                                {{"a", "First addend"}, {"b", "Second addend"}},
                                {{"title", "Add"}, {"annotations", {{"readOnlyHint", true}}}});
                }).ok());
    EXPECT_EQ(host.definition(PB_ITEM_TOOL, "add"), json::parse(R"({
        "name": "add",
        "description": "Adds two numbers",
        "title": "Add",
        "annotations": {"readOnlyHint": true},
        "inputSchema": {
            "type": "object",
            "properties": {
                "a": {"type": "number", "description": "First addend"},
                "b": {"type": "number", "description": "Second addend"}
            },
            "required": ["a", "b"]
        }
    })"));
}

TEST_F(Tools, WithoutParametersAcceptsOnlyAnEmptyObject) {
    const auto result =
        call([](Plugin& plugin) { plugin.tool("t", "Now", [] { return "tick"; }); });
    EXPECT_EQ(host.definition(PB_ITEM_TOOL, "t").value()["inputSchema"],
              json::parse(R"({"type":"object","additionalProperties":false})"));
    EXPECT_EQ(result.json, json::parse(R"({"content":[{"type":"text","text":"tick"}]})"));
}

TEST_F(Tools, ReturnedStringIsText) {
    const auto result = call(
        [](Plugin& plugin) {
            plugin.tool("t", "Greets", [](const std::string& name) { return "hello " + name; },
                        {{"name", "Who"}});
        },
        R"({"name":"Ada"})");
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json, json::parse(R"({"content":[{"type":"text","text":"hello Ada"}]})"));
}

TEST_F(Tools, ReturnedNumbersAndBooleansAreText) {
    ASSERT_TRUE(load([](Plugin& plugin, const json&) {
                    plugin.tool("int", "", [](int a) { return a * 2; }, {{"a", ""}});
                    plugin.tool("double", "", [](double a) { return a / 2; }, {{"a", ""}});
                    plugin.tool("bool", "", [](int a) { return a > 0; }, {{"a", ""}});
                }).ok());
    EXPECT_EQ(host.call_tool("int", R"({"a":21})").json["content"][0]["text"], "42");
    EXPECT_EQ(host.call_tool("double", R"({"a":1})").json["content"][0]["text"], "0.5");
    EXPECT_EQ(host.call_tool("bool", R"({"a":1})").json["content"][0]["text"], "true");
}

TEST_F(Tools, ReturnedObjectIsStructuredContentWithItsText) {
    const auto result = call([](Plugin& plugin) {
        plugin.tool("t", "Counts", [] { return inventory::Stock{"bolts", 12}; });
    });
    EXPECT_EQ(result.json, json::parse(R"({
        "content": [{"type": "text", "text": "{\"count\":12,\"item\":\"bolts\"}"}],
        "structuredContent": {"count": 12, "item": "bolts"}
    })"));
}

TEST_F(Tools, ReturnedNonObjectJsonIsOnlyText) {
    const auto result = call([](Plugin& plugin) {
        plugin.tool("t", "", [] { return json::array({1, 2}); });
    });
    EXPECT_EQ(result.json, json::parse(R"({"content":[{"type":"text","text":"[1,2]"}]})"));
}

TEST_F(Tools, VoidReturnsNoContent) {
    const auto result = call([](Plugin& plugin) { plugin.tool("t", "", [] {}); });
    EXPECT_EQ(result.json, json::parse(R"({"content":[]})"));
}

TEST_F(Tools, ToolResultCarriesEveryContentBlock) {
    const auto result = call([](Plugin& plugin) {
        plugin.tool("t", "", [] {
            ToolResult reply;
            reply.add(plugboard::text_content("see attachments"))
                .add(plugboard::image_content("iVBORw0=", "image/png"))
                .add(plugboard::audio_content("UklGRg==", "audio/wav"))
                .add(plugboard::resource_link("file:///a.txt", "a.txt", "text/plain", "The file"))
                .add(plugboard::embedded_resource(
                    plugboard::text_resource("mem://n", "note", "text/plain")))
                .add(plugboard::embedded_resource(plugboard::blob_resource("mem://b", "AAEC")));
            reply.structured_content = json{{"files", 2}};
            return reply;
        });
    });
    EXPECT_EQ(result.json, json::parse(R"({
        "content": [
            {"type": "text", "text": "see attachments"},
            {"type": "image", "data": "iVBORw0=", "mimeType": "image/png"},
            {"type": "audio", "data": "UklGRg==", "mimeType": "audio/wav"},
            {"type": "resource_link", "uri": "file:///a.txt", "name": "a.txt",
             "mimeType": "text/plain", "description": "The file"},
            {"type": "resource", "resource": {"uri": "mem://n", "text": "note", "mimeType": "text/plain"}},
            {"type": "resource", "resource": {"uri": "mem://b", "blob": "AAEC"}}
        ],
        "structuredContent": {"files": 2}
    })"));
}

TEST_F(Tools, ToolResultErrorIsAToolFailure) {
    const auto result = call([](Plugin& plugin) {
        plugin.tool("t", "", [] { return ToolResult::error("upstream is down"); });
    });
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(
        result.json,
        json::parse(R"({"content":[{"type":"text","text":"upstream is down"}],"isError":true})"));
}

TEST_F(Tools, ThrownExceptionIsAToolFailureWithItsMessage) {
    const auto result = call([](Plugin& plugin) {
        plugin.tool("t", "", []() -> int { throw std::runtime_error("disk full"); });
    });
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json,
              json::parse(R"({"content":[{"type":"text","text":"disk full"}],"isError":true})"));
}

TEST_F(Tools, ThrownNonExceptionIsAToolFailure) {
    const auto result =
        call([](Plugin& plugin) { plugin.tool("t", "", []() -> int { throw 42; }); });
    EXPECT_EQ(result.json["isError"], true);
    EXPECT_EQ(result.json["content"][0]["text"], "unknown exception");
}

TEST_F(Tools, ProtocolErrorBecomesAnErrorStatus) {
    const auto result = call([](Plugin& plugin) {
        plugin.tool("t", "", []() -> int {
            throw plugboard::ProtocolError(plugboard::Status::invalid_params, "no such account");
        });
    });
    ASSERT_TRUE(result.completed);
    EXPECT_EQ(result.status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(result.message, "no such account");
}

TEST_F(Tools, MissingArgumentIsAToolFailure) {
    const auto result = call(
        [](Plugin& plugin) {
            plugin.tool("t", "", [](int a, int b) { return a + b; }, {{"a", ""}, {"b", ""}});
        },
        R"({"a":1})");
    EXPECT_EQ(result.json,
              json::parse(
                  R"({"content":[{"type":"text","text":"missing argument 'b'"}],"isError":true})"));
}

TEST_F(Tools, MistypedArgumentIsAToolFailureNamingIt) {
    const auto result = call(
        [](Plugin& plugin) {
            plugin.tool("t", "", [](double a) { return a; }, {{"a", ""}});
        },
        R"({"a":"one"})");
    EXPECT_EQ(result.json["isError"], true);
    EXPECT_EQ(result.json["content"][0]["text"], "invalid argument 'a': expected a number");
}

TEST_F(Tools, OptionalVectorEnumAndJsonArguments) {
    ASSERT_TRUE(load([](Plugin& plugin, const json&) {
                    plugin.tool("t", "",
                                [](std::optional<std::string> prefix,
                                   const std::vector<int>& values, Shape shape, const json& extra) {
                                    int sum = 0;
                                    for (int value : values)
                                        sum += value;
                                    return prefix.value_or("-") + std::to_string(sum) +
                                           (shape == Shape::square ? " square " : " circle ") +
                                           extra.dump();
                                },
                                {{"prefix", ""}, {"values", ""}, {"shape", ""}, {"extra", ""}});
                }).ok());
    EXPECT_EQ(host.call_tool("t", R"({"values":[1,2,3],"shape":"square","extra":{"k":null}})")
                  .json["content"][0]["text"],
              R"(-6 square {"k":null})");
    EXPECT_EQ(host.call_tool("t", R"({"prefix":"=","values":[],"shape":"circle","extra":1})")
                  .json["content"][0]["text"],
              "=0 circle 1");
    EXPECT_EQ(host.call_tool("t", R"({"values":[],"shape":"hexagon","extra":1})")
                  .json["content"][0]["text"],
              "invalid argument 'shape': expected one of: circle, square");
}

TEST_F(Tools, PlainFunctionsAndFunctionPointersWork) {
    struct Local {
        static int twice(int value) { return 2 * value; }
    };
    const auto result = call(
        [](Plugin& plugin) {
            plugin.tool("t", "", &Local::twice, {{"value", ""}});
        },
        R"({"value":4})");
    EXPECT_EQ(result.json["content"][0]["text"], "8");
}

TEST_F(Tools, RefusedRegistrationFailsSetupWithTheHostsReason) {
    const auto loaded = load([](Plugin& plugin, const json&) {
        plugin.tool("t", "", [] {});
        plugin.tool("t", "", [] {});
    });
    EXPECT_EQ(loaded.status, PB_ERR_INVALID_PARAMS);
    EXPECT_EQ(loaded.error, "'t' is already registered");
}

}  // namespace
