#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.hpp"

namespace plugboard::config {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> errors_of(std::string_view yaml) {
    const LoadResult result = load_string(yaml, "test.yaml", "/etc/plugboard");
    EXPECT_EQ(result.config.has_value(), result.errors.empty());
    std::vector<std::string> lines;
    for (const ConfigError& error : result.errors)
        lines.push_back(error.to_string());
    return lines;
}

TEST(LoadErrors, SyntaxErrorHasYamlCppPosition) {
    EXPECT_THAT(errors_of("server:\n  name: [plugboard\nlimits: {}\n"),
                ElementsAre("test.yaml:3:7: syntax error: end of sequence flow not found"));
}

TEST(LoadErrors, SyntaxErrorStructured) {
    const LoadResult result = load_string("a:\n\tb: 1\n", "test.yaml", "/");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_FALSE(result.config);
    EXPECT_EQ(result.errors[0].file, "test.yaml");
    EXPECT_EQ(result.errors[0].line, 2);
    EXPECT_EQ(result.errors[0].column, 3);
}

TEST(LoadErrors, UnknownTopLevelKeySuggestsCloseKey) {
    EXPECT_THAT(
        errors_of("plugin_dir:\n  - /x\n"),
        ElementsAre("test.yaml:1:1: unknown key 'plugin_dir'; did you mean 'plugin_dirs'?"));
}

TEST(LoadErrors, UnknownKeyInSectionWithoutCloseKey) {
    EXPECT_THAT(errors_of("limits:\n  page_size: 10\n  frobnicate: 1\n"),
                ElementsAre("test.yaml:3:3: unknown key 'frobnicate' in limits"));
}

TEST(LoadErrors, MisspelledKeyInEachSection) {
    EXPECT_THAT(
        errors_of("server:\n  nmae: x\n"
                  "limits:\n  Page_Size: 10\n"
                  "registry:\n  on_conflit: error\n"
                  "logging:\n  levle: info\n"),
        ElementsAre("test.yaml:2:3: unknown key 'nmae' in server; did you mean 'name'?",
                    "test.yaml:4:3: unknown key 'Page_Size' in limits; did you mean "
                    "'page_size'?",
                    "test.yaml:6:3: unknown key 'on_conflit' in registry; did you mean "
                    "'on_conflict'?",
                    "test.yaml:8:3: unknown key 'levle' in logging; did you mean 'level'?"));
}

TEST(LoadErrors, UnknownKeyInPluginBlockPointsToConfig) {
    EXPECT_THAT(errors_of("plugins:\n  echo:\n    greeting: Hello\n    namspace: tools\n"),
                ElementsAre("test.yaml:3:5: unknown key 'greeting' in plugins.echo; the plugin's "
                            "own settings belong under 'config:'",
                            "test.yaml:4:5: unknown key 'namspace' in plugins.echo; did you mean "
                            "'namespace'?"));
}

TEST(LoadErrors, KeysInsideConfigBlockAreFreeForm) {
    EXPECT_THAT(errors_of("plugins:\n  echo:\n    config:\n      anything: 1\n      namspace: x\n"),
                ElementsAre());
}

TEST(LoadErrors, StringWhereIntegerIsNeeded) {
    EXPECT_THAT(errors_of("limits:\n  page_size: many\n  max_in_flight_per_session: \"8\"\n"),
                ElementsAre("test.yaml:2:14: limits.page_size: expected an integer from 1 to "
                            "1000, got the string \"many\"",
                            "test.yaml:3:30: limits.max_in_flight_per_session: expected an "
                            "integer from 1 to 65536, got the string \"8\""));
}

TEST(LoadErrors, NegativeAndOutOfRangeNumbers) {
    EXPECT_THAT(
        errors_of("limits:\n"
                  "  max_message_bytes: -1\n"
                  "  page_size: 1001\n"
                  "  call_timeout_ms: 0\n"
                  "  max_in_flight_per_session: 1.5\n"
                  "plugins:\n"
                  "  echo:\n"
                  "    call_timeout_ms: 99999999999999999999\n"),
        ElementsAre(
            "test.yaml:2:22: limits.max_message_bytes: must be from 1024 to 1073741824, got -1",
            "test.yaml:3:14: limits.page_size: must be from 1 to 1000, got 1001",
            "test.yaml:4:20: limits.call_timeout_ms: must be from 1 to 86400000, got 0",
            "test.yaml:5:30: limits.max_in_flight_per_session: expected an integer from 1 to "
            "65536, got '1.5'",
            "test.yaml:8:22: plugins.echo.call_timeout_ms: '99999999999999999999' is out of the "
            "range of a 64-bit integer"));
}

TEST(LoadErrors, PageSizeBoundsAreInclusive) {
    EXPECT_THAT(errors_of("limits:\n  page_size: 1\n"), ElementsAre());
    EXPECT_THAT(errors_of("limits:\n  page_size: 1000\n"), ElementsAre());
    EXPECT_THAT(errors_of("limits:\n  page_size: 0\n"),
                ElementsAre("test.yaml:2:14: limits.page_size: must be from 1 to 1000, got 0"));
}

TEST(LoadErrors, UnknownEnumValues) {
    EXPECT_THAT(
        errors_of("logging:\n  format: xml\n  level: warning\n"
                  "registry:\n  on_conflict: Error\n  namespace_separator: /\n"),
        ElementsAre(
            "test.yaml:2:11: logging.format: unknown value 'xml'; expected one of \"text\", "
            "\"json\"",
            "test.yaml:3:10: logging.level: unknown value 'warning'; expected one of "
            "\"trace\", \"debug\", \"info\", \"warn\", \"error\", \"critical\", \"off\"; "
            "did you mean 'warn'?",
            "test.yaml:5:16: registry.on_conflict: unknown value 'Error'; expected one of "
            "\"namespace\", \"error\"; did you mean 'error'?",
            "test.yaml:6:24: registry.namespace_separator: unknown value '/'; expected one "
            "of \"_\", \"-\", \".\""));
}

TEST(LoadErrors, EnumGivenACollection) {
    EXPECT_THAT(errors_of("logging:\n  format: [text]\n"),
                ElementsAre("test.yaml:2:11: logging.format: expected one of \"text\", \"json\", "
                            "got a sequence"));
}

TEST(LoadErrors, BooleansAreOnlyTrueAndFalse) {
    EXPECT_THAT(errors_of("plugins:\n  echo:\n    enabled: yes\n    serialized: \"true\"\n"),
                ElementsAre("test.yaml:3:14: plugins.echo.enabled: expected true or false, got "
                            "the string \"yes\"",
                            "test.yaml:4:17: plugins.echo.serialized: expected true or false, got "
                            "the string \"true\""));
}

TEST(LoadErrors, NonMappingPluginBlock) {
    EXPECT_THAT(errors_of("plugins:\n  echo: [a, b]\n  calculator: on\n"),
                ElementsAre("test.yaml:2:9: plugins.echo: expected a mapping, got a sequence",
                            "test.yaml:3:15: plugins.calculator: expected a mapping, got the "
                            "string \"on\""));
}

TEST(LoadErrors, NonMappingSections) {
    EXPECT_THAT(errors_of("plugins:\n  - echo\nlimits: 5\n"),
                ElementsAre("test.yaml:2:3: plugins: expected a mapping, got a sequence",
                            "test.yaml:3:9: limits: expected a mapping, got '5'"));
}

TEST(LoadErrors, TopLevelMustBeAMapping) {
    EXPECT_THAT(errors_of("- server\n"),
                ElementsAre("test.yaml:1:1: expected a mapping of sections (server:, plugins:, "
                            "...), got a sequence"));
}

TEST(LoadErrors, EmptyValueIsReportedAtItsKey) {
    EXPECT_THAT(errors_of("limits:\n  page_size:\n\nlogging:\n  level: info\n"),
                ElementsAre("test.yaml:2:3: limits.page_size: expected an integer from 1 to 1000, "
                            "got an empty value"));
}

TEST(LoadErrors, EmptyStrings) {
    EXPECT_THAT(errors_of("server:\n  name: \"\"\n"),
                ElementsAre("test.yaml:2:9: server.name: must not be empty"));
}

TEST(LoadErrors, PluginNamesAndNamespacesAreIdentifiers) {
    EXPECT_THAT(
        errors_of("plugins:\n  my.plugin: {}\n  echo:\n    namespace: a/b\n  ok_name-2: {}\n"),
        ElementsAre("test.yaml:2:3: plugin name 'my.plugin' may only contain letters, "
                    "digits, '_' and '-'",
                    "test.yaml:4:16: plugins.echo.namespace: namespace 'a/b' may only "
                    "contain letters, digits, '_' and '-'"));
}

TEST(LoadErrors, PluginDirsMustBeASequenceOfStrings) {
    EXPECT_THAT(errors_of("plugin_dirs: /usr/lib/plugboard\n"),
                ElementsAre("test.yaml:1:14: plugin_dirs: expected a sequence, got the string "
                            "\"/usr/lib/plugboard\""));
    EXPECT_THAT(errors_of("plugin_dirs:\n  - ok\n  - {a: 1}\n  -\n"),
                ElementsAre("test.yaml:2:3: plugin_dirs[2]: expected a string, got an empty value",
                            "test.yaml:3:5: plugin_dirs[1]: expected a string, got a mapping"));
}

TEST(LoadErrors, DuplicateKeys) {
    EXPECT_THAT(errors_of("limits:\n  page_size: 1\n  page_size: 2\n"
                          "plugins:\n  echo: {}\n  echo: {enabled: false}\n"),
                ElementsAre("test.yaml:3:3: duplicate key 'page_size' in limits (first at line 2, "
                            "column 3)",
                            "test.yaml:6:3: duplicate key 'echo' in plugins (first at line 5, "
                            "column 3)"));
}

TEST(LoadErrors, NonScalarKey) {
    EXPECT_THAT(errors_of("? [a, b]\n: 1\n"),
                ElementsAre("test.yaml:1:3: a key must be a string, got a sequence"));
}

TEST(LoadErrors, OnlyOneDocument) {
    EXPECT_THAT(errors_of("server: {}\n---\nlimits: {}\n"),
                ElementsAre("test.yaml:3:1: a second YAML document starts here; the configuration "
                            "is one"));
    EXPECT_THAT(errors_of("server: {}\n---\n"), ElementsAre());
}

TEST(LoadErrors, InvalidUtf8) {
    EXPECT_THAT(errors_of("server:\n  name: ab\xff\n"),
                ElementsAre("test.yaml:2:11: the file is not valid UTF-8 here"));
}

TEST(LoadErrors, ConfigBlockMustBeAMapping) {
    EXPECT_THAT(errors_of("plugins:\n  echo:\n    config: [1, 2]\n"),
                ElementsAre("test.yaml:3:13: plugins.echo.config: expected a mapping (the plugin "
                            "receives a JSON object), got a sequence"));
}

TEST(LoadErrors, ConfigBlockValuesJsonCannotHold) {
    EXPECT_THAT(errors_of("plugins:\n"
                          "  echo:\n"
                          "    config:\n"
                          "      limit: .inf\n"
                          "      list: [1, .nan]\n"
                          "      ? [k]\n"
                          "      : v\n"
                          "      typed: !custom x\n"
                          "      limit: 2\n"),
                ElementsAre("test.yaml:4:14: plugins.echo.config.limit: '.inf' cannot be "
                            "represented in JSON",
                            "test.yaml:5:17: plugins.echo.config.list[1]: '.nan' cannot be "
                            "represented in JSON",
                            "test.yaml:6:9: a key must be a string, got a sequence in "
                            "plugins.echo.config",
                            "test.yaml:8:14: plugins.echo.config.typed: unsupported tag '!custom'; "
                            "quote the value to make it a string",
                            "test.yaml:9:7: duplicate key 'limit' in plugins.echo.config (first at "
                            "line 4, column 7)"));
}

TEST(LoadErrors, RecursiveAliasInConfigBlock) {
    EXPECT_THAT(errors_of("plugins:\n  echo:\n    config:\n      loop: &l [1, *l]\n"),
                ElementsAre("test.yaml:4:17: plugins.echo.config: nested more than 64 levels "
                            "deep (a recursive alias?)"));
}

TEST(LoadErrors, AliasBombInConfigBlock) {
    std::string yaml = "plugins:\n  echo:\n    config:\n      a0: &a0 [x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level <= 6; ++level) {
        const std::string previous = "*a" + std::to_string(level - 1);
        yaml += "      a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
        for (int i = 0; i < 8; ++i)
            yaml += (i == 0 ? "" : ", ") + previous;
        yaml += "]\n";
    }
    const std::vector<std::string> errors = errors_of(yaml);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_THAT(
        errors[0],
        ::testing::EndsWith("plugins.echo.config: more than 100000 values (aliases of aliases?)"));
}

TEST(LoadErrors, AllErrorsAreCollectedInFileOrder) {
    const LoadResult result = load_string(
        "logging:\n  format: xml\nlimits:\n  page_size: 0\nplugins:\n  echo: 3\nbogus: 1\n",
        "test.yaml", "/");
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.errors.size(), 4u);
    EXPECT_EQ(result.errors[0].line, 2);
    EXPECT_EQ(result.errors[1].line, 4);
    EXPECT_EQ(result.errors[2].line, 6);
    EXPECT_EQ(result.errors[3].line, 7);
}

}  // namespace
}  // namespace plugboard::config
