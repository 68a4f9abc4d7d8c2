// What the daemon puts off until it is needed: ICU (for schema patterns) and
// OpenSSL (for TLS) cost ~1.6 and ~1.7 MB of resident memory just by being
// loaded, and the plugin threads a large part of startup time.
#include "daemon_test.hpp"
#include "responses.hpp"

namespace plugboard::integration {
namespace {

using FootprintTest = DaemonTest;

TEST_F(FootprintTest, BundledPluginsLoadNeitherIcuNorOpenSsl) {
    auto& daemon = start_initialized(kBundledConfig);
    // A call, so the daemon is past start-up and has used its tools' schemas.
    const auto result = result_of(
        daemon.request("tools/call", {{"name", "echo"}, {"arguments", {{"message", "hello"}}}}));
    EXPECT_TRUE(result.contains("content"));
    for (const std::string_view library :
         {"libicuuc.so", "libicui18n.so", "plugboard-regex.so", "libssl.so", "libcrypto.so"}) {
        EXPECT_FALSE(maps_file(daemon.pid(), library)) << library;
    }
}

TEST_F(FootprintTest, PluginThreadsStartWithTheFirstBlockingCall) {
    auto& daemon = start_initialized(kBundledConfig);
    // echo is nonblocking: it runs on the I/O thread.
    result_of(
        daemon.request("tools/call", {{"name", "echo"}, {"arguments", {{"message", "hello"}}}}));
    EXPECT_EQ(threads_named(daemon.pid(), "pb-plugin"), 0u);
    // The calculator's tools may block, so they run on the plugin threads.
    const auto sum = result_of(
        daemon.request("tools/call", {{"name", "add"}, {"arguments", {{"a", 2}, {"b", 3}}}}));
    EXPECT_EQ(sum.at("content").as_array().at(0).as_object().at("text"), "5.0");
    EXPECT_EQ(threads_named(daemon.pid(), "pb-plugin"), 16u);  // limits.plugin_threads
}

TEST_F(FootprintTest, TheDaemonLoadsNoSharedYamlCppBoostJsonSpdlogOrFmt) {
    auto& daemon = start_initialized(kBundledConfig);
    for (const std::string_view library :
         {"libyaml-cpp.so", "libboost_json.so", "libspdlog.so", "libfmt.so"}) {
        EXPECT_FALSE(maps_file(daemon.pid(), library)) << library;
    }
}

}  // namespace
}  // namespace plugboard::integration
