// What the daemon keeps out of memory until it is needed: ICU (for schema
// patterns) and OpenSSL (for TLS) cost ~1.6 and ~1.7 MB of resident memory
// just by being loaded.
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

}  // namespace
}  // namespace plugboard::integration
