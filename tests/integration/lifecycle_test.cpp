// The initialize handshake: version negotiation, server info, capabilities
// and what is allowed before and after it.
#include <array>

#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using LifecycleTest = DaemonTest;

bj::object initialize_params(std::string_view revision) {
    return {{"protocolVersion", revision},
            {"capabilities", bj::object{}},
            {"clientInfo", {{"name", "lifecycle-test"}, {"version", "1"}}}};
}

TEST_F(LifecycleTest, EchoesEverySupportedRevision) {
    for (std::string_view revision : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
        SCOPED_TRACE(revision);
        auto& daemon = start(kBundledConfig);
        const auto result = result_of(daemon.request("initialize", initialize_params(revision)));
        EXPECT_EQ(result.at("protocolVersion"), bj::value(revision));
    }
}

TEST_F(LifecycleTest, AnswersAnUnknownRevisionWithTheLatest) {
    auto& daemon = start(kBundledConfig);
    const auto result = result_of(daemon.request("initialize", initialize_params("1999-01-01")));
    EXPECT_EQ(result.at("protocolVersion"), "2025-11-25");
}

TEST_F(LifecycleTest, ReportsServerInfoAndInstructionsFromTheConfig) {
    auto& daemon = start("server:\n  name: test-server\n  instructions: Use echo.\n" +
                         std::string(kBundledConfig));
    const auto result = daemon.initialize();
    EXPECT_EQ(result.at("serverInfo"),
              (bj::object{{"name", "test-server"}, {"version", PLUGBOARD_VERSION}}));
    EXPECT_EQ(result.at("instructions"), "Use echo.");
}

TEST_F(LifecycleTest, DefaultServerNameIsPlugboardWithoutInstructions) {
    auto& daemon = start(kBundledConfig);
    const auto result = daemon.initialize();
    EXPECT_EQ(result.at("serverInfo").at("name"), "plugboard");
    EXPECT_FALSE(result.contains("instructions"));
}

TEST_F(LifecycleTest, AnnouncesTheCapabilitiesTheBundledPluginsImply) {
    auto& daemon = start(kBundledConfig);
    const auto result = daemon.initialize();
    EXPECT_EQ(result.at("capabilities"), bj::parse(R"({
        "tools": {"listChanged": true},
        "resources": {"subscribe": true, "listChanged": true},
        "prompts": {"listChanged": true},
        "completions": {},
        "logging": {}})"));
}

TEST_F(LifecycleTest, AnnouncesOnlyToolsAndLoggingForAToolOnlyPlugin) {
    auto& daemon = start("plugins:\n  slow: {path: ${TEST_PLUGINS}/slow.so}\n");
    const auto result = daemon.initialize();
    EXPECT_EQ(result.at("capabilities"),
              bj::parse(R"({"tools": {"listChanged": true}, "logging": {}})"));
}

TEST_F(LifecycleTest, AnnouncesOnlyLoggingWithoutPlugins) {
    auto& daemon = start("plugin_dirs: []\n");
    const auto result = daemon.initialize();
    EXPECT_EQ(result.at("capabilities"), bj::parse(R"({"logging": {}})"));
}

TEST_F(LifecycleTest, LoadsTheBundledPluginsWithoutAConfig) {
    auto& daemon = start_with_arguments({});
    daemon.initialize();
    const auto tools = members(result_of(daemon.request("tools/list")).at("tools").as_array());
    EXPECT_TRUE(tools.contains("echo"));
}

TEST_F(LifecycleTest, AnswersPingBeforeInitialize) {
    auto& daemon = start(kBundledConfig);
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
}

TEST_F(LifecycleTest, RefusesOtherRequestsBeforeInitialize) {
    auto& daemon = start(kBundledConfig);
    for (std::string_view method : {"tools/list", "tools/call", "logging/setLevel"}) {
        SCOPED_TRACE(method);
        const auto response = daemon.request(method);
        EXPECT_EQ(error_code(response), -32600);
        EXPECT_NE(error_message(response).find("initialize"), std::string::npos);
    }
}

TEST_F(LifecycleTest, RefusesASecondInitialize) {
    auto& daemon = start(kBundledConfig);
    daemon.initialize();
    const auto response = daemon.request("initialize", initialize_params("2025-11-25"));
    EXPECT_EQ(error_code(response), -32600);
    EXPECT_EQ(result_of(daemon.request("ping")), bj::object{});
}

TEST_F(LifecycleTest, InitializeWithoutProtocolVersionIsInvalidParamsAndCanBeRetried) {
    auto& daemon = start(kBundledConfig);
    const auto response = daemon.request("initialize", {{"capabilities", bj::object{}}});
    EXPECT_EQ(error_code(response), -32602);
    EXPECT_NE(error_message(response).find("protocolVersion"), std::string::npos);
    EXPECT_EQ(result_of(daemon.request("initialize", initialize_params("2025-06-18")))
                  .at("protocolVersion"),
              "2025-06-18");
}

}  // namespace
}  // namespace plugboard::integration
