#include <gtest/gtest.h>

#include "config/config.hpp"

namespace plugboard::config {
namespace {

TEST(ExampleConfig, LoadsTheBundledPlugins) {
    const LoadResult result = load_file(PLUGBOARD_EXAMPLE_CONFIG);
    for (const ConfigError& error : result.errors)
        ADD_FAILURE() << error.to_string();
    ASSERT_TRUE(result.config);
    const Config& config = *result.config;

    EXPECT_EQ(config.plugin_dirs, std::vector<std::filesystem::path>{"/usr/lib/plugboard/plugins"});
    ASSERT_EQ(config.plugins.size(), 3u);
    EXPECT_EQ(config.plugins[0].name, "echo");
    EXPECT_EQ(config.plugins[1].name, "calculator");
    EXPECT_EQ(config.plugins[1].name_space, "calc");
    const PluginSettings* greeting = find_plugin(config, "greeting");
    ASSERT_NE(greeting, nullptr);
    EXPECT_EQ(greeting->config_json, R"({"greeting":"Good day"})");
    EXPECT_TRUE(config.server.instructions);
}

TEST(ExampleConfig, SpellsOutTheDefaults) {
    const LoadResult result = load_file(PLUGBOARD_EXAMPLE_CONFIG);
    ASSERT_TRUE(result.config);
    const Config defaults = built_in_defaults();
    const Config& config = *result.config;
    EXPECT_EQ(config.server.name, defaults.server.name);
    EXPECT_EQ(config.limits.max_message_bytes, defaults.limits.max_message_bytes);
    EXPECT_EQ(config.limits.call_timeout, defaults.limits.call_timeout);
    EXPECT_EQ(config.limits.page_size, defaults.limits.page_size);
    EXPECT_EQ(config.limits.max_in_flight_per_session, defaults.limits.max_in_flight_per_session);
    EXPECT_EQ(config.limits.plugin_threads, defaults.limits.plugin_threads);
    EXPECT_EQ(config.registry.on_conflict, defaults.registry.on_conflict);
    EXPECT_EQ(config.registry.namespace_separator, defaults.registry.namespace_separator);
    EXPECT_EQ(config.logging.level, defaults.logging.level);
    EXPECT_EQ(config.logging.format, defaults.logging.format);
    EXPECT_EQ(config.http.listen, defaults.http.listen);
    EXPECT_EQ(config.http.allowed_hosts, defaults.http.allowed_hosts);
    EXPECT_EQ(config.http.allowed_origins, defaults.http.allowed_origins);
    EXPECT_EQ(config.http.max_sessions, defaults.http.max_sessions);
    EXPECT_EQ(config.http.session_idle_timeout, defaults.http.session_idle_timeout);
    EXPECT_EQ(config.http.max_header_bytes, defaults.http.max_header_bytes);
    EXPECT_EQ(config.http.max_url_bytes, defaults.http.max_url_bytes);
    EXPECT_EQ(config.http.request_timeout, defaults.http.request_timeout);
    EXPECT_EQ(config.http.write_timeout, defaults.http.write_timeout);
    EXPECT_EQ(config.http.idle_connection_timeout, defaults.http.idle_connection_timeout);
    EXPECT_EQ(config.http.sse_keepalive_interval, defaults.http.sse_keepalive_interval);
    EXPECT_EQ(config.http.sse_retry, defaults.http.sse_retry);
    EXPECT_EQ(config.http.sse_close_post_streams_after, defaults.http.sse_close_post_streams_after);
    EXPECT_EQ(config.http.sse_replay_events, defaults.http.sse_replay_events);
    EXPECT_FALSE(config.http.tls);
}

}  // namespace
}  // namespace plugboard::config
