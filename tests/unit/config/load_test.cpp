#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "config/config.hpp"

namespace plugboard::config {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

Config load_ok(std::string_view yaml, const fs::path& base_dir = "/etc/plugboard") {
    LoadResult result = load_string(yaml, "test.yaml", base_dir);
    for (const ConfigError& error : result.errors)
        ADD_FAILURE() << error.to_string();
    return result.config.value_or(Config{});
}

void expect_defaults(const Config& config) {
    EXPECT_EQ(config.server.name, "plugboard");
    EXPECT_FALSE(config.server.instructions);
    EXPECT_TRUE(config.plugin_dirs.empty());
    EXPECT_TRUE(config.plugins.empty());
    EXPECT_EQ(config.limits.max_message_bytes, 4u * 1024 * 1024);
    EXPECT_EQ(config.limits.call_timeout, milliseconds(60000));
    EXPECT_EQ(config.limits.page_size, 100u);
    EXPECT_EQ(config.limits.max_in_flight_per_session, 256u);
    EXPECT_EQ(config.limits.plugin_threads, 16u);
    EXPECT_EQ(config.registry.on_conflict, ConflictPolicy::Namespace);
    EXPECT_EQ(config.registry.namespace_separator, "_");
    EXPECT_EQ(config.logging.level, "info");
    EXPECT_EQ(config.logging.format, LogFormat::Text);
}

TEST(Load, BuiltInDefaults) {
    const Config config = built_in_defaults();
    expect_defaults(config);
    EXPECT_TRUE(config.source.empty());
}

TEST(Load, EmptyTextGivesDefaults) {
    expect_defaults(load_ok(""));
    expect_defaults(load_ok("# nothing but a comment\n\n"));
    expect_defaults(load_ok("---\n"));
}

TEST(Load, EmptySectionsGiveDefaults) {
    expect_defaults(load_ok("server:\nplugin_dirs:\nplugins:\nlimits:\nregistry:\nlogging: {}\n"));
}

TEST(Load, ReadsEveryKey) {
    const Config config = load_ok(R"(
server:
  name: my-board
  instructions: |
    Use the tools.
plugin_dirs: [/opt/a, /opt/b]
plugins:
  echo:
    path: /opt/echo.so
    enabled: false
    namespace: tools
    serialized: true
    call_timeout_ms: 1500
    config:
      greeting: Hi
limits:
  max_message_bytes: 1024
  call_timeout_ms: 0x10
  page_size: 1000
  max_in_flight_per_session: 65536
  plugin_threads: 3
registry:
  on_conflict: error
  namespace_separator: "-"
logging:
  level: critical
  format: json
)");
    EXPECT_EQ(config.server.name, "my-board");
    EXPECT_EQ(config.server.instructions, "Use the tools.\n");
    EXPECT_EQ(config.plugin_dirs, (std::vector<fs::path>{"/opt/a", "/opt/b"}));
    ASSERT_EQ(config.plugins.size(), 1u);
    const PluginSettings& echo = config.plugins[0];
    EXPECT_EQ(echo.name, "echo");
    EXPECT_EQ(echo.path, fs::path("/opt/echo.so"));
    EXPECT_FALSE(echo.enabled);
    EXPECT_EQ(echo.name_space, "tools");
    EXPECT_EQ(echo.serialized, true);
    EXPECT_EQ(echo.call_timeout, milliseconds(1500));
    EXPECT_EQ(echo.config_json, R"({"greeting":"Hi"})");
    EXPECT_EQ(config.limits.max_message_bytes, 1024u);
    EXPECT_EQ(config.limits.call_timeout, milliseconds(16));
    EXPECT_EQ(config.limits.page_size, 1000u);
    EXPECT_EQ(config.limits.max_in_flight_per_session, 65536u);
    EXPECT_EQ(config.limits.plugin_threads, 3u);
    EXPECT_EQ(config.registry.on_conflict, ConflictPolicy::Error);
    EXPECT_EQ(config.registry.namespace_separator, "-");
    EXPECT_EQ(config.logging.level, "critical");
    EXPECT_EQ(config.logging.format, LogFormat::Json);
    EXPECT_TRUE(config.source.empty());
}

TEST(Load, PluginBlocksKeepFileOrderAndDefaults) {
    const Config config = load_ok("plugins:\n  zeta:\n  alpha: {}\n  mid-1:\n    enabled: true\n");
    ASSERT_EQ(config.plugins.size(), 3u);
    EXPECT_EQ(config.plugins[0].name, "zeta");
    EXPECT_EQ(config.plugins[1].name, "alpha");
    EXPECT_EQ(config.plugins[2].name, "mid-1");
    for (const PluginSettings& plugin : config.plugins) {
        EXPECT_FALSE(plugin.path);
        EXPECT_TRUE(plugin.enabled);
        EXPECT_FALSE(plugin.name_space);
        EXPECT_FALSE(plugin.serialized);
        EXPECT_FALSE(plugin.call_timeout);
        EXPECT_EQ(plugin.config_json, "{}");
    }
}

TEST(Load, FindPlugin) {
    const Config config = load_ok("plugins:\n  echo: {}\n  calculator: {namespace: calc}\n");
    const PluginSettings* calculator = find_plugin(config, "calculator");
    ASSERT_NE(calculator, nullptr);
    EXPECT_EQ(calculator->name_space, "calc");
    EXPECT_EQ(find_plugin(config, "echo"), &config.plugins[0]);
    EXPECT_EQ(find_plugin(config, "missing"), nullptr);
    EXPECT_EQ(find_plugin(config, "Echo"), nullptr);
}

TEST(Load, RelativePathsResolveAgainstBaseDir) {
    const Config config = load_ok(
        "plugin_dirs: [plugins, ../lib/plugboard, /abs/dir, ./x/../y]\n"
        "plugins:\n  echo:\n    path: ./bin/echo.so\n  other:\n    path: /opt/other.so\n",
        "/etc/plugboard");
    EXPECT_EQ(config.plugin_dirs,
              (std::vector<fs::path>{"/etc/plugboard/plugins", "/etc/lib/plugboard", "/abs/dir",
                                     "/etc/plugboard/y"}));
    EXPECT_EQ(config.plugins[0].path, fs::path("/etc/plugboard/bin/echo.so"));
    EXPECT_EQ(config.plugins[1].path, fs::path("/opt/other.so"));
}

TEST(Load, ErrorToString) {
    EXPECT_EQ((ConfigError{"a.yaml", 3, 7, "bad"}).to_string(), "a.yaml:3:7: bad");
    EXPECT_EQ((ConfigError{"a.yaml", 3, 0, "bad"}).to_string(), "a.yaml:3: bad");
    EXPECT_EQ((ConfigError{"a.yaml", 0, 0, "bad"}).to_string(), "a.yaml: bad");
}

class LoadFile : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::path(::testing::TempDir()) /
               ("plugboard-config-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_ / "etc");
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& relative, const std::string& text) {
        const fs::path file = dir_ / relative;
        std::ofstream(file) << text;
        return file;
    }

    fs::path dir_;
};

TEST_F(LoadFile, ResolvesRelativePathsAgainstTheFilesFolder) {
    const fs::path file =
        write("etc/plugboard.yaml",
              "plugin_dirs: [plugins, ../lib]\nplugins:\n  echo:\n    path: echo.so\n");
    const LoadResult result = load_file(file);
    ASSERT_TRUE(result.config) << result.errors.front().to_string();
    EXPECT_EQ(result.config->source, file);
    EXPECT_EQ(result.config->plugin_dirs,
              (std::vector<fs::path>{dir_ / "etc/plugins", dir_ / "lib"}));
    EXPECT_EQ(result.config->plugins[0].path, dir_ / "etc/echo.so");
}

TEST_F(LoadFile, ErrorsNameTheFileAsGiven) {
    const fs::path file = write("etc/bad.yaml", "limits:\n  page_size: 0\n");
    const LoadResult result = load_file(file);
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].to_string(),
              file.string() + ":2:14: limits.page_size: must be from 1 to 1000, got 0");
}

TEST_F(LoadFile, EmptyFileGivesDefaults) {
    const fs::path file = write("etc/empty.yaml", "");
    const LoadResult result = load_file(file);
    ASSERT_TRUE(result.config);
    expect_defaults(*result.config);
    EXPECT_EQ(result.config->source, file);
}

TEST_F(LoadFile, MissingFile) {
    const fs::path file = dir_ / "etc/absent.yaml";
    const LoadResult result = load_file(file);
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].to_string(),
              file.string() + ": cannot open: No such file or directory");
}

TEST_F(LoadFile, Directory) {
    const LoadResult result = load_file(dir_ / "etc");
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].message, "is a directory, not a configuration file");
    EXPECT_EQ(result.errors[0].line, 0);
}

}  // namespace
}  // namespace plugboard::config
