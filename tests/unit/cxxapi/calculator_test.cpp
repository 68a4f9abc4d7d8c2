// The bundled calculator plugin (plugins/calculator/calculator.cpp, compiled
// into this test) through the fake host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <plugboard/plugin.h>
#include <plugboard/testing/fake_host.hpp>

#include <chrono>
#include <string>

extern "C" const pb_plugin* plugboard_plugin_entry_v1(std::uint16_t host_abi_major,
                                                      std::uint16_t host_abi_minor);

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class Calculator : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(host.load(&plugboard_plugin_entry_v1).ok()); }
    void TearDown() override {
        host.unload();
        EXPECT_THAT(host.violations(), ::testing::IsEmpty());
    }

    std::string text_of(const plugboard::testing::CallResult& result) {
        return result.json["content"][0]["text"].get<std::string>();
    }

    plugboard::testing::FakeHost host;
};

TEST_F(Calculator, DescribesItself) {
    EXPECT_STREQ(host.plugin()->name, "calculator");
    std::vector<std::string> names;
    for (const json& tool : host.definitions(PB_ITEM_TOOL)) {
        names.push_back(tool["name"]);
        EXPECT_FALSE(tool["description"].get<std::string>().empty());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"add", "bmi", "long_task"}));
}

TEST_F(Calculator, ToolSchemas) {
    EXPECT_EQ(host.definition(PB_ITEM_TOOL, "add").value()["inputSchema"], json::parse(R"({
        "type": "object",
        "properties": {
            "a": {"type": "number", "description": "First addend"},
            "b": {"type": "number", "description": "Second addend"}
        },
        "required": ["a", "b"]
    })"));
    const json bmi = host.definition(PB_ITEM_TOOL, "bmi").value();
    EXPECT_EQ(bmi["inputSchema"]["required"], json::parse(R"(["weight_kg","height_m"])"));
    EXPECT_EQ(bmi["inputSchema"]["properties"]["height_m"]["exclusiveMinimum"], 0);
    EXPECT_EQ(bmi["outputSchema"]["required"], json::parse(R"(["bmi","category"])"));
    EXPECT_EQ(host.definition(PB_ITEM_TOOL, "long_task").value()["inputSchema"], json::parse(R"({
        "type": "object",
        "properties": {
            "steps": {"type": "integer", "description": "Number of steps", "minimum": 1, "maximum": 1000},
            "step_ms": {"type": "integer", "description": "Duration of each step in milliseconds",
                        "minimum": 0, "maximum": 60000}
        },
        "required": ["steps", "step_ms"]
    })"));
}

TEST_F(Calculator, Adds) {
    EXPECT_EQ(text_of(host.call_tool("add", R"({"a":1,"b":2})")), "3.0");
    EXPECT_EQ(text_of(host.call_tool("add", R"({"a":1.5,"b":-2.25})")), "-0.75");
}

TEST_F(Calculator, BmiIsRoundedToOneDecimalWithItsCategory) {
    const auto result = host.call_tool("bmi", R"({"weight_kg":70,"height_m":1.75})");
    ASSERT_EQ(result.status, PB_OK);
    EXPECT_EQ(result.json, json::parse(R"json({
        "content": [{"type": "text", "text": "BMI 22.9 (normal)"}],
        "structuredContent": {"bmi": 22.9, "category": "normal"}
    })json"));
}

TEST_F(Calculator, BmiCategories) {
    auto category = [&](double weight, double height) {
        const json arguments = {{"weight_kg", weight}, {"height_m", height}};
        return host.call_tool("bmi", arguments.dump()).json["structuredContent"]["category"];
    };
    EXPECT_EQ(category(50, 1.8), "underweight");
    EXPECT_EQ(category(85, 1.75), "overweight");
    EXPECT_EQ(category(110, 1.75), "obese");
}

TEST_F(Calculator, BmiRefusesANonPositiveHeightAsAToolError) {
    for (const char* height : {"0", "-1.7"}) {
        const auto result =
            host.call_tool("bmi", std::string(R"({"weight_kg":70,"height_m":)") + height + "}");
        ASSERT_EQ(result.status, PB_OK);
        EXPECT_EQ(result.json, json::parse(R"({
            "content": [{"type": "text", "text": "height_m must be greater than 0"}],
            "isError": true
        })"));
    }
    EXPECT_EQ(text_of(host.call_tool("bmi", R"({"weight_kg":0,"height_m":1.7})")),
              "weight_kg must be greater than 0");
}

TEST_F(Calculator, LongTaskReportsEveryStepAndSummarizes) {
    const auto result = host.call_tool("long_task", R"({"steps":5,"step_ms":1})");
    ASSERT_EQ(result.status, PB_OK);
    ASSERT_EQ(result.progress.size(), 5u);
    for (int step = 1; step <= 5; ++step) {
        EXPECT_EQ(result.progress[step - 1].progress, step);
        EXPECT_EQ(result.progress[step - 1].total, 5);
        EXPECT_EQ(result.progress[step - 1].message, "step " + std::to_string(step) + " of 5");
    }
    EXPECT_THAT(text_of(result), ::testing::StartsWith("Completed 5 steps in "));
    EXPECT_EQ(result.json["structuredContent"]["steps"], 5);
    EXPECT_GE(result.json["structuredContent"]["elapsed_ms"].get<int>(), 5);
}

TEST_F(Calculator, LongTaskStopsWithinTheCurrentStepWhenCancelled) {
    const auto started = std::chrono::steady_clock::now();
    const auto call = host.start_tool("long_task", R"({"steps":1000,"step_ms":5000})");
    host.cancel(call);
    const auto result = call.wait(5s);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
    EXPECT_EQ(result.status, PB_ERR_CANCELLED);
    EXPECT_EQ(result.message, "long_task cancelled");
    EXPECT_TRUE(result.progress.empty());
}

TEST_F(Calculator, LongTaskRefusesOutOfRangeArguments) {
    EXPECT_EQ(text_of(host.call_tool("long_task", R"({"steps":0,"step_ms":1})")),
              "steps must be between 1 and 1000");
    EXPECT_EQ(text_of(host.call_tool("long_task", R"({"steps":1001,"step_ms":1})")),
              "steps must be between 1 and 1000");
    const auto negative = host.call_tool("long_task", R"({"steps":1,"step_ms":-1})");
    EXPECT_EQ(negative.json["isError"], true);
    EXPECT_EQ(text_of(negative), "step_ms must be between 0 and 60000");
}

}  // namespace
