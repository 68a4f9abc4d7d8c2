#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.hpp"

namespace plugboard::config {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using ::testing::ElementsAre;

HttpSettings http_of(std::string_view yaml, const fs::path& base_dir = "/etc/plugboard") {
    LoadResult result = load_string(yaml, "test.yaml", base_dir);
    for (const ConfigError& error : result.errors)
        ADD_FAILURE() << error.to_string();
    return result.config.value_or(Config{}).http;
}

std::vector<std::string> errors_of(std::string_view yaml) {
    const LoadResult result = load_string(yaml, "test.yaml", "/etc/plugboard");
    EXPECT_EQ(result.config.has_value(), result.errors.empty());
    std::vector<std::string> lines;
    for (const ConfigError& error : result.errors)
        lines.push_back(error.to_string());
    return lines;
}

void expect_http_defaults(const HttpSettings& http) {
    EXPECT_THAT(http.listen, ElementsAre(ListenAddress{"127.0.0.1", 8080}));
    EXPECT_THAT(http.allowed_hosts, ElementsAre("localhost", "127.0.0.1", "[::1]"));
    EXPECT_TRUE(http.allowed_origins.empty());
    EXPECT_EQ(http.max_sessions, 1000u);
    EXPECT_FALSE(http.stateless);
    EXPECT_EQ(http.session_idle_timeout, milliseconds(1800000));
    EXPECT_EQ(http.max_header_bytes, 16384u);
    EXPECT_EQ(http.max_url_bytes, 4096u);
    EXPECT_EQ(http.request_timeout, milliseconds(30000));
    EXPECT_EQ(http.write_timeout, milliseconds(30000));
    EXPECT_EQ(http.idle_connection_timeout, milliseconds(60000));
    EXPECT_EQ(http.sse_keepalive_interval, milliseconds(15000));
    EXPECT_EQ(http.sse_retry, milliseconds(1000));
    EXPECT_EQ(http.sse_close_post_streams_after, milliseconds(0));
    EXPECT_EQ(http.sse_replay_events, 256u);
    EXPECT_FALSE(http.tls);
}

TEST(HttpConfig, Defaults) {
    expect_http_defaults(built_in_defaults().http);
    expect_http_defaults(http_of(""));
    expect_http_defaults(http_of("http:\n"));
    expect_http_defaults(http_of("http:\n  sse:\n"));
}

TEST(HttpConfig, ReadsEveryKey) {
    const HttpSettings http = http_of(R"(
http:
  listen: 0.0.0.0:9000
  allowed_hosts: [mcp.example.com, 10.0.0.5]
  allowed_origins: [https://app.example.com, "http://localhost:3000"]
  max_sessions: 1000000
  stateless: true
  session_idle_timeout_ms: 1
  max_header_bytes: 1024
  max_url_bytes: 256
  request_timeout_ms: 86400000
  write_timeout_ms: 2000
  idle_connection_timeout_ms: 3000
  sse:
    keepalive_interval_ms: 500
    retry_ms: 0
    close_post_streams_after_ms: 86400000
    replay_events: 0
  tls:
    certificate: /etc/ssl/cert.pem
    private_key: key.pem
)");
    EXPECT_THAT(http.listen, ElementsAre(ListenAddress{"0.0.0.0", 9000}));
    EXPECT_THAT(http.allowed_hosts, ElementsAre("mcp.example.com", "10.0.0.5"));
    EXPECT_THAT(http.allowed_origins,
                ElementsAre("https://app.example.com", "http://localhost:3000"));
    EXPECT_EQ(http.max_sessions, 1000000u);
    EXPECT_TRUE(http.stateless);
    EXPECT_EQ(http.session_idle_timeout, milliseconds(1));
    EXPECT_EQ(http.max_header_bytes, 1024u);
    EXPECT_EQ(http.max_url_bytes, 256u);
    EXPECT_EQ(http.request_timeout, milliseconds(86400000));
    EXPECT_EQ(http.write_timeout, milliseconds(2000));
    EXPECT_EQ(http.idle_connection_timeout, milliseconds(3000));
    EXPECT_EQ(http.sse_keepalive_interval, milliseconds(500));
    EXPECT_EQ(http.sse_retry, milliseconds(0));
    EXPECT_EQ(http.sse_close_post_streams_after, milliseconds(86400000));
    EXPECT_EQ(http.sse_replay_events, 0u);
    ASSERT_TRUE(http.tls);
    EXPECT_EQ(http.tls->certificate, "/etc/ssl/cert.pem");
    EXPECT_EQ(http.tls->private_key, "/etc/plugboard/key.pem");
}

TEST(HttpConfig, ListenAsList) {
    const HttpSettings http =
        http_of("http:\n  listen:\n    - 127.0.0.1:0\n    - \"[::1]:8443\"\n    - :7000\n");
    EXPECT_THAT(http.listen, ElementsAre(ListenAddress{"127.0.0.1", 0}, ListenAddress{"::1", 8443},
                                         ListenAddress{"127.0.0.1", 7000}));
}

TEST(HttpConfig, ListenIpv6AsString) {
    EXPECT_THAT(http_of("http:\n  listen: '[::]:8080'\n").listen,
                ElementsAre(ListenAddress{"::", 8080}));
}

TEST(HttpConfig, BadListenAddresses) {
    EXPECT_THAT(errors_of("http:\n  listen: 127.0.0.1:70000\n"),
                ElementsAre("test.yaml:2:11: http.listen: port must be 0..65535, got '70000'"));
    EXPECT_THAT(
        errors_of("http:\n  listen: localhost\n"),
        ElementsAre("test.yaml:2:11: http.listen: expected HOST:PORT, e.g. 127.0.0.1:8080"));
    EXPECT_THAT(
        errors_of("http:\n  listen: 8080\n"),
        ElementsAre("test.yaml:2:11: http.listen: expected HOST:PORT, e.g. 127.0.0.1:8080"));
    EXPECT_THAT(errors_of("http:\n  listen: ['::1:8080', 127.0.0.1:http]\n"),
                ElementsAre("test.yaml:2:12: http.listen[0]: IPv6 addresses need brackets: "
                            "[::1]:8080",
                            "test.yaml:2:24: http.listen[1]: port must be 0..65535, got 'http'"));
}

TEST(HttpConfig, ListenMustNameAnAddress) {
    EXPECT_THAT(errors_of("http:\n  listen: []\n"),
                ElementsAre("test.yaml:2:11: http.listen: needs at least one address"));
    EXPECT_THAT(errors_of("http:\n  listen:\n"),
                ElementsAre("test.yaml:2:3: http.listen: expected a string, got an empty value"));
    EXPECT_THAT(errors_of("http:\n  listen: {host: x}\n"),
                ElementsAre("test.yaml:2:11: http.listen: expected a string, got a mapping"));
}

TEST(HttpConfig, StatelessIsABoolean) {
    EXPECT_THAT(errors_of("http:\n  stateless: sometimes\n"),
                ElementsAre(::testing::StartsWith("test.yaml:2:14: http.stateless: ")));
}

TEST(HttpConfig, SizesAndTimeoutsAreBounded) {
    EXPECT_THAT(
        errors_of("http:\n"
                  "  max_sessions: 0\n"
                  "  max_header_bytes: 1023\n"
                  "  max_url_bytes: 1048577\n"
                  "  request_timeout_ms: 0\n"
                  "  idle_connection_timeout_ms: 86400001\n"
                  "  sse:\n"
                  "    keepalive_interval_ms: 0\n"
                  "    replay_events: 1000001\n"
                  "    retry_ms: -1\n"),
        ElementsAre(
            "test.yaml:2:17: http.max_sessions: must be from 1 to 1000000, got 0",
            "test.yaml:3:21: http.max_header_bytes: must be from 1024 to 1048576, got 1023",
            "test.yaml:4:18: http.max_url_bytes: must be from 256 to 1048576, got 1048577",
            "test.yaml:5:23: http.request_timeout_ms: must be from 1 to 86400000, got 0",
            "test.yaml:6:31: http.idle_connection_timeout_ms: must be from 1 to 86400000, got "
            "86400001",
            "test.yaml:8:28: http.sse.keepalive_interval_ms: must be from 1 to 86400000, got 0",
            "test.yaml:9:20: http.sse.replay_events: must be from 0 to 1000000, got 1000001",
            "test.yaml:10:15: http.sse.retry_ms: must be from 0 to 86400000, got -1"));
}

TEST(HttpConfig, AllowedHostsAreLowercasedAndReplaceTheDefaults) {
    EXPECT_THAT(http_of("http:\n  allowed_hosts: [MCP.Example.com, '[::1]', '[FE80::A]', '*']\n")
                    .allowed_hosts,
                ElementsAre("mcp.example.com", "[::1]", "[fe80::a]", "*"));
}

TEST(HttpConfig, BadAllowedHosts) {
    EXPECT_THAT(
        errors_of("http:\n  allowed_hosts:\n"
                  "    - localhost:8080\n"
                  "    - ::1\n"
                  "    - '*.example.com'\n"
                  "    - '[localhost]'\n"),
        ElementsAre("test.yaml:3:7: http.allowed_hosts[0]: 'localhost:8080' has a port; give the "
                    "host alone (any port is accepted)",
                    "test.yaml:4:7: http.allowed_hosts[1]: IPv6 addresses need brackets: [::1]",
                    "test.yaml:5:7: http.allowed_hosts[2]: '*.example.com' is not a host; "
                    "expected a name, an IP address, \"[IPV6]\" or \"*\"",
                    "test.yaml:6:7: http.allowed_hosts[3]: '[localhost]' is not an IPv6 address "
                    "in brackets"));
    EXPECT_THAT(errors_of("http:\n  allowed_hosts:\n"),
                ElementsAre("test.yaml:2:3: http.allowed_hosts: an empty list refuses every "
                            "request; use \"*\" to accept any host"));
    EXPECT_THAT(errors_of("http:\n  allowed_hosts: []\n"),
                ElementsAre("test.yaml:2:18: http.allowed_hosts: an empty list refuses every "
                            "request; use \"*\" to accept any host"));
    EXPECT_THAT(errors_of("http:\n  allowed_hosts: localhost\n"),
                ElementsAre("test.yaml:2:18: http.allowed_hosts: expected a sequence, got the "
                            "string \"localhost\""));
}

TEST(HttpConfig, AllowedOriginsAreNormalized) {
    EXPECT_THAT(http_of("http:\n  allowed_origins:\n"
                        "    - HTTPS://App.Example.com:443\n"
                        "    - http://localhost:80\n"
                        "    - http://localhost:8080\n"
                        "    - https://[::1]:8443\n"
                        "    - vscode-webview://abc123\n")
                    .allowed_origins,
                ElementsAre("https://app.example.com", "http://localhost", "http://localhost:8080",
                            "https://[::1]:8443", "vscode-webview://abc123"));
    EXPECT_TRUE(http_of("http:\n  allowed_origins: []\n").allowed_origins.empty());
}

TEST(HttpConfig, BadAllowedOrigins) {
    EXPECT_THAT(
        errors_of("http:\n  allowed_origins:\n"
                  "    - https://app.example.com/\n"
                  "    - https://app.example.com/app?x=1\n"
                  "    - app.example.com\n"
                  "    - https://\n"
                  "    - https://app.example.com:99999\n"
                  "    - https://user@app.example.com\n"
                  "    - 'https://[::1'\n"
                  "    - 1https://x\n"),
        ElementsAre(
            "test.yaml:3:7: http.allowed_origins[0]: 'https://app.example.com/' has a path; an "
            "origin is SCHEME://HOST[:PORT], e.g. https://app.example.com",
            "test.yaml:4:7: http.allowed_origins[1]: 'https://app.example.com/app?x=1' has a "
            "path; an origin is SCHEME://HOST[:PORT], e.g. https://app.example.com",
            "test.yaml:5:7: http.allowed_origins[2]: 'app.example.com' is not an origin; expected "
            "SCHEME://HOST[:PORT], e.g. https://app.example.com",
            "test.yaml:6:7: http.allowed_origins[3]: 'https://' is not an origin; expected "
            "SCHEME://HOST[:PORT], e.g. https://app.example.com",
            "test.yaml:7:7: http.allowed_origins[4]: port must be 0..65535, got '99999'",
            "test.yaml:8:7: http.allowed_origins[5]: 'https://user@app.example.com' is not an "
            "origin; expected SCHEME://HOST[:PORT], e.g. https://app.example.com",
            "test.yaml:9:7: http.allowed_origins[6]: 'https://[::1' is not an origin; expected "
            "SCHEME://HOST[:PORT], e.g. https://app.example.com",
            "test.yaml:10:7: http.allowed_origins[7]: '1https://x' is not an origin; expected "
            "SCHEME://HOST[:PORT], e.g. https://app.example.com"));
}

TEST(HttpConfig, TlsPathsAreRelativeToTheConfigFile) {
    const HttpSettings http =
        http_of("http:\n  tls:\n    certificate: certs/../cert.pem\n    private_key: ./key.pem\n",
                "/srv/board");
    ASSERT_TRUE(http.tls);
    EXPECT_EQ(http.tls->certificate, "/srv/board/cert.pem");
    EXPECT_EQ(http.tls->private_key, "/srv/board/key.pem");
}

TEST(HttpConfig, TlsNeedsBothFiles) {
    EXPECT_THAT(errors_of("http:\n  tls:\n    certificate: cert.pem\n"),
                ElementsAre("test.yaml:3:5: http.tls: 'private_key' is missing; TLS needs both "
                            "certificate and private_key"));
    EXPECT_THAT(errors_of("http:\n  tls:\n    private_key: key.pem\n"),
                ElementsAre("test.yaml:3:5: http.tls: 'certificate' is missing; TLS needs both "
                            "certificate and private_key"));
    EXPECT_THAT(errors_of("http:\n  tls:\n"),
                ElementsAre("test.yaml:2:3: http.tls: 'certificate' is missing; TLS needs both "
                            "certificate and private_key",
                            "test.yaml:2:3: http.tls: 'private_key' is missing; TLS needs both "
                            "certificate and private_key"));
}

TEST(HttpConfig, TlsErrorsAreNotRepeatedAsMissing) {
    EXPECT_THAT(errors_of("http:\n  tls: on\n"),
                ElementsAre("test.yaml:2:8: http.tls: expected a mapping, got the string \"on\""));
    EXPECT_THAT(errors_of("http:\n  tls:\n    certificate: ''\n    private_key: k.pem\n"),
                ElementsAre("test.yaml:3:18: http.tls.certificate: must not be empty"));
}

TEST(HttpConfig, UnknownKeysSuggestTheClosestOne) {
    EXPECT_THAT(errors_of("http:\n  listen_address: 127.0.0.1:1\n  max_session: 5\n"
                          "  sse:\n    keepalive_ms: 10\n  tls:\n    cert: a.pem\n"
                          "    certificate: a.pem\n    private_key: b.pem\n"),
                ElementsAre("test.yaml:2:3: unknown key 'listen_address' in http; did you mean "
                            "'listen'?",
                            "test.yaml:3:3: unknown key 'max_session' in http; did you mean "
                            "'max_sessions'?",
                            "test.yaml:5:5: unknown key 'keepalive_ms' in http.sse",
                            "test.yaml:7:5: unknown key 'cert' in http.tls; did you mean "
                            "'certificate'?"));
    EXPECT_THAT(errors_of("htp:\n  listen: :80\n"),
                ElementsAre("test.yaml:1:1: unknown key 'htp'; did you mean 'http'?"));
}

}  // namespace
}  // namespace plugboard::config
