// Tool and prompt names: configured namespaces, separators and clashes
// between plugins (registry.on_conflict).
#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using NamespacingTest = DaemonTest;

std::set<std::string> tool_names(DaemonProcess& daemon) {
    return members(result_of(daemon.request("tools/list")).at("tools").as_array());
}

TEST_F(NamespacingTest, ConfiguredNamespacePrefixesToolsAndPrompts) {
    auto& daemon =
        start_initialized("plugins:\n  echo: {path: ${PLUGINS}/echo.so, namespace: e}\n");
    EXPECT_EQ(tool_names(daemon), std::set<std::string>{"e_echo"});
    EXPECT_EQ(members(result_of(daemon.request("prompts/list")).at("prompts").as_array()),
              std::set<std::string>{"e_echo"});
    const auto result =
        result_of(daemon.request("tools/call", tool_call("e_echo", {{"message", "hi"}})));
    EXPECT_EQ(first_text(result), "hi");
    EXPECT_EQ(error_code(daemon.request("tools/call", tool_call("echo", {{"message", "hi"}}))),
              -32602);
}

TEST_F(NamespacingTest, NamespaceAppliesToPluginsFoundInAFolder) {
    auto& daemon =
        start_initialized("plugin_dirs: [${PLUGINS}]\nplugins:\n  calculator: {namespace: calc}\n");
    const auto names = tool_names(daemon);
    EXPECT_TRUE(names.contains("calc_add"));
    EXPECT_FALSE(names.contains("add"));
    EXPECT_TRUE(names.contains("echo"));
}

TEST_F(NamespacingTest, UsesTheConfiguredSeparator) {
    auto& daemon = start_initialized(
        "registry: {namespace_separator: \".\"}\nplugins:\n  echo: {path: ${PLUGINS}/echo.so, "
        "namespace: e}\n");
    EXPECT_EQ(tool_names(daemon), std::set<std::string>{"e.echo"});
    const auto result =
        result_of(daemon.request("tools/call", tool_call("e.echo", {{"message", "dot"}})));
    EXPECT_EQ(first_text(result), "dot");
}

TEST_F(NamespacingTest, AClashingToolGetsItsPluginNameByDefault) {
    auto& daemon = start_initialized(
        "plugins:\n  echo: {path: ${PLUGINS}/echo.so}\n  clash: {path: "
        "${TEST_PLUGINS}/clash.so}\n");
    EXPECT_EQ(tool_names(daemon), (std::set<std::string>{"echo", "clash_echo"}));
    EXPECT_EQ(first_text(result_of(
                  daemon.request("tools/call", tool_call("echo", {{"message", "mine"}})))),
              "mine");
    EXPECT_EQ(first_text(result_of(daemon.request("tools/call", tool_call("clash_echo")))),
              "clash");
}

TEST_F(NamespacingTest, AClashingToolIsRefusedWhenConflictsAreErrors) {
    auto& daemon = start_initialized(
        "registry: {on_conflict: error}\n"
        "plugins:\n  echo: {path: ${PLUGINS}/echo.so}\n  clash: {path: "
        "${TEST_PLUGINS}/clash.so}\n");
    EXPECT_EQ(tool_names(daemon), std::set<std::string>{"echo"});
    EXPECT_EQ(first_text(result_of(
                  daemon.request("tools/call", tool_call("echo", {{"message", "mine"}})))),
              "mine");
    EXPECT_TRUE(daemon.wait_stderr(
        R"(plugin clash (clash.so): refused an item: tool "echo" is already provided by plugin "echo")"))
        << daemon.stderr_text();
}

}  // namespace
}  // namespace plugboard::integration
