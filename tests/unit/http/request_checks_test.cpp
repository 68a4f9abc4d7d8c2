// The header checks made before any MCP handling: Host and Origin against
// DNS rebinding, content negotiation, MCP-Protocol-Version, and the target.
#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>

#include "transport/http/request_checks.hpp"

namespace plugboard::http_test {
namespace {

using namespace transport::http;

using Header = std::pair<std::string_view, std::string_view>;

Request request_with(std::initializer_list<Header> headers) {
    Request request{boost::beast::http::verb::post, "/mcp", 11};
    for (const auto& [name, value] : headers)
        request.set(name, value);
    return request;
}

const OriginPolicy kLocalOnly{{"localhost", "127.0.0.1", "[::1]"}, {}};

std::optional<std::string> check(std::initializer_list<Header> headers,
                                 const OriginPolicy& policy = kLocalOnly) {
    return check_host_and_origin(request_with(headers), policy);
}

TEST(HostCheck, LocalHostsPassWithAndWithoutPort) {
    for (const std::string_view host :
         {"localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:41234", "[::1]", "[::1]:8080"}) {
        EXPECT_EQ(check({{"Host", host}}), std::nullopt) << host;
    }
}

TEST(HostCheck, HostNamesAreCaseInsensitive) {
    EXPECT_EQ(check({{"Host", "LocalHost:80"}}), std::nullopt);
    const OriginPolicy upper_config{{"LOCALHOST"}, {}};
    EXPECT_EQ(check({{"Host", "localhost"}}, upper_config), std::nullopt);
}

TEST(HostCheck, ForeignHostIsRefusedWithTheHeaderInTheReason) {
    EXPECT_EQ(check({{"Host", "evil.example:8080"}}),
              "Host 'evil.example:8080' is not allowed (http.allowed_hosts)");
    // Names that merely start with an allowed host.
    EXPECT_TRUE(check({{"Host", "localhost.evil.example"}}));
    EXPECT_TRUE(check({{"Host", "127.0.0.1.nip.io:80"}}));
    EXPECT_TRUE(check({{"Host", "[::2]:80"}}));
}

TEST(HostCheck, MissingHostIsRefused) {
    EXPECT_EQ(check({}), "the request has no Host header");
}

TEST(HostCheck, TheHostIsCheckedBeforeTheOrigin) {
    EXPECT_EQ(check({{"Host", "evil.example"}, {"Origin", "http://evil.example"}}),
              "Host 'evil.example' is not allowed (http.allowed_hosts)");
}

TEST(OriginCheck, OriginOfAnAllowedHostPasses) {
    for (const std::string_view origin : {"http://localhost:3000", "https://127.0.0.1",
                                          "http://[::1]:8080", "HTTP://LOCALHOST:1"}) {
        EXPECT_EQ(check({{"Host", "localhost:8080"}, {"Origin", origin}}), std::nullopt) << origin;
    }
}

TEST(OriginCheck, ForeignOriginIsRefusedWithTheHeaderInTheReason) {
    EXPECT_EQ(check({{"Host", "localhost"}, {"Origin", "http://evil.example"}}),
              "Origin 'http://evil.example' is not allowed (http.allowed_hosts, "
              "http.allowed_origins)");
    EXPECT_TRUE(check({{"Host", "localhost"}, {"Origin", "http://localhost.evil.example"}}));
}

TEST(OriginCheck, OpaqueOriginsAreRefused) {
    EXPECT_TRUE(check({{"Host", "localhost"}, {"Origin", "null"}}));
    EXPECT_TRUE(check({{"Host", "localhost"}, {"Origin", "localhost"}}));
}

TEST(OriginCheck, OriginWithAPathIsRefused) {
    EXPECT_TRUE(check({{"Host", "localhost"}, {"Origin", "http://localhost/evil"}}));
    EXPECT_TRUE(check({{"Host", "localhost"}, {"Origin", "http://localhost:3000/"}}));
}

TEST(OriginCheck, AllowedOriginsMatchWholeOrigins) {
    const OriginPolicy policy{{"localhost"}, {"https://app.example.com"}};
    EXPECT_EQ(check({{"Host", "localhost"}, {"Origin", "https://app.example.com"}}, policy),
              std::nullopt);
    EXPECT_EQ(check({{"Host", "localhost"}, {"Origin", "HTTPS://App.Example.com"}}, policy),
              std::nullopt);
    // Another scheme or port is another origin.
    EXPECT_TRUE(check({{"Host", "localhost"}, {"Origin", "http://app.example.com"}}, policy));
    EXPECT_TRUE(check({{"Host", "localhost"}, {"Origin", "https://app.example.com:8443"}}, policy));
    // An allowed origin does not make its host an allowed Host.
    EXPECT_TRUE(check({{"Host", "app.example.com"}}, policy));
}

TEST(OriginCheck, WildcardAllowsAnyHostAndOrigin) {
    const OriginPolicy any{{"*"}, {}};
    EXPECT_EQ(check({{"Host", "anything.example:9"}}, any), std::nullopt);
    EXPECT_EQ(check({{"Host", "anything.example"}, {"Origin", "https://other.example"}}, any),
              std::nullopt);
    EXPECT_EQ(check({}, any), "the request has no Host header");
}

TEST(HostWithoutPort, StripsThePortAndLowersTheCase) {
    EXPECT_EQ(host_without_port("[::1]:80"), "[::1]");
    EXPECT_EQ(host_without_port("[::1]"), "[::1]");
    EXPECT_EQ(host_without_port("Example.COM:8080"), "example.com");
    EXPECT_EQ(host_without_port("localhost"), "localhost");
    EXPECT_EQ(host_without_port("  localhost:1 "), "localhost");
    EXPECT_EQ(host_without_port("[::1"), "[::1");
    EXPECT_EQ(host_without_port(""), "");
}

TEST(Accepts, MissingAcceptAdmitsEverything) {
    const Request request = request_with({});
    EXPECT_TRUE(accepts(request, "application/json"));
    EXPECT_TRUE(accepts(request, "text/event-stream"));
}

TEST(Accepts, ListedTypes) {
    const Request both = request_with({{"Accept", "application/json, text/event-stream"}});
    EXPECT_TRUE(accepts(both, "application/json"));
    EXPECT_TRUE(accepts(both, "text/event-stream"));
    EXPECT_FALSE(accepts(both, "text/html"));

    const Request json_only = request_with({{"Accept", "application/json"}});
    EXPECT_TRUE(accepts(json_only, "application/json"));
    EXPECT_FALSE(accepts(json_only, "text/event-stream"));

    const Request html = request_with({{"Accept", "text/html"}});
    EXPECT_FALSE(accepts(html, "application/json"));
    EXPECT_FALSE(accepts(html, "text/event-stream"));
}

TEST(Accepts, Wildcards) {
    const Request any = request_with({{"Accept", "*/*"}});
    EXPECT_TRUE(accepts(any, "application/json"));
    EXPECT_TRUE(accepts(any, "text/event-stream"));

    const Request text = request_with({{"Accept", "text/*"}});
    EXPECT_TRUE(accepts(text, "text/event-stream"));
    EXPECT_FALSE(accepts(text, "application/json"));
}

TEST(Accepts, ParametersAndCaseAreIgnored) {
    const Request request =
        request_with({{"Accept", "Application/JSON;q=0.9 ,  text/event-stream; q=0.5"}});
    EXPECT_TRUE(accepts(request, "application/json"));
    EXPECT_TRUE(accepts(request, "TEXT/EVENT-STREAM"));
}

TEST(HasJsonBody, ApplicationJsonWithOrWithoutParameters) {
    EXPECT_TRUE(has_json_body(request_with({{"Content-Type", "application/json"}})));
    EXPECT_TRUE(has_json_body(request_with({{"Content-Type", "application/json; charset=utf-8"}})));
    EXPECT_TRUE(has_json_body(request_with({{"Content-Type", "Application/JSON ;charset=UTF-8"}})));
}

TEST(HasJsonBody, OtherOrMissingTypeIsRefused) {
    EXPECT_FALSE(has_json_body(request_with({})));
    EXPECT_FALSE(has_json_body(request_with({{"Content-Type", "text/plain"}})));
    EXPECT_FALSE(has_json_body(request_with({{"Content-Type", "application/json-seq"}})));
    EXPECT_FALSE(has_json_body(request_with({{"Content-Type", "text/json"}})));
    EXPECT_FALSE(has_json_body(request_with({{"Content-Type", ""}})));
}

TEST(ProtocolVersionHeader, AbsentIsFine) {
    EXPECT_EQ(check_protocol_version(request_with({})), std::nullopt);
}

TEST(ProtocolVersionHeader, EverySupportedRevisionIsAccepted) {
    for (const std::string_view version :
         {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
        EXPECT_EQ(check_protocol_version(request_with({{"MCP-Protocol-Version", version}})),
                  std::nullopt)
            << version;
    }
    EXPECT_EQ(check_protocol_version(request_with({{"mcp-protocol-version", " 2025-06-18 "}})),
              std::nullopt);
}

TEST(ProtocolVersionHeader, UnsupportedIsRefusedListingTheSupported) {
    EXPECT_EQ(check_protocol_version(request_with({{"MCP-Protocol-Version", "2099-01-01"}})),
              "Unsupported MCP-Protocol-Version '2099-01-01' (supported: 2024-11-05, "
              "2025-03-26, 2025-06-18, 2025-11-25)");
    EXPECT_TRUE(check_protocol_version(request_with({{"MCP-Protocol-Version", ""}})));
    EXPECT_TRUE(check_protocol_version(request_with({{"MCP-Protocol-Version", "2025-11-25x"}})));
}

TEST(ProtocolVersionHeader, TheRequestedRevisionDefaultsTo20250326) {
    EXPECT_EQ(requested_revision(request_with({})), protocol::Revision::V2025_03_26);
    EXPECT_EQ(requested_revision(request_with({{"mcp-protocol-version", " 2025-06-18"}})),
              protocol::Revision::V2025_06_18);
    EXPECT_EQ(requested_revision(request_with({{"MCP-PROTOCOL-VERSION", "2025-11-25"}})),
              protocol::Revision::V2025_11_25);
}

TEST(HeaderValue, FindsAHeaderBeastHasNoNameForInAnyCase) {
    const Request request =
        request_with({{"Host", "localhost"}, {"mcp-session-id", "abc"}, {"Last-Event-ID", "1/2"}});
    EXPECT_EQ(header_value(request, "Mcp-Session-Id"), "abc");
    EXPECT_EQ(header_value(request, "MCP-SESSION-ID"), "abc");
    EXPECT_EQ(header_value(request, "last-event-id"), "1/2");
}

TEST(HeaderValue, AbsentOrOnlyAPrefixIsNotFound) {
    const Request request = request_with({{"Mcp-Session-Id-Extra", "x"}, {"Mcp-Session", "y"}});
    EXPECT_EQ(header_value(request, "Mcp-Session-Id"), std::nullopt);
    EXPECT_EQ(header_value(request_with({}), "Mcp-Session-Id"), std::nullopt);
}

TEST(HeaderValue, TheFirstOfRepeatedHeadersIsTaken) {
    Request request{boost::beast::http::verb::post, "/mcp", 11};
    request.insert("Mcp-Session-Id", "first");
    request.insert("mcp-session-id", "second");
    EXPECT_EQ(header_value(request, "Mcp-Session-Id"), "first");
}

TEST(QueryParameter, FindsTheNamedParameter) {
    EXPECT_EQ(query_parameter("/messages?sessionId=abc", "sessionId"), "abc");
    EXPECT_EQ(query_parameter("/messages?x=1&sessionId=abc&y=2", "sessionId"), "abc");
    EXPECT_EQ(query_parameter("/messages?sessionId=first&sessionId=second", "sessionId"), "first");
    EXPECT_EQ(query_parameter("/messages?sessionId", "sessionId"), "");
    EXPECT_EQ(query_parameter("/messages?sessionId=", "sessionId"), "");
}

TEST(QueryParameter, AbsentParameter) {
    EXPECT_EQ(query_parameter("/messages", "sessionId"), std::nullopt);
    EXPECT_EQ(query_parameter("/messages?", "sessionId"), std::nullopt);
    EXPECT_EQ(query_parameter("/messages?sessionIdx=1", "sessionId"), std::nullopt);
    EXPECT_EQ(query_parameter("/messages?session=1", "sessionId"), std::nullopt);
    EXPECT_EQ(query_parameter("/messages?sessionid=1", "sessionId"), std::nullopt);
}

TEST(TargetPath, DropsTheQuery) {
    EXPECT_EQ(target_path("/messages?sessionId=1"), "/messages");
    EXPECT_EQ(target_path("/mcp"), "/mcp");
    EXPECT_EQ(target_path("/mcp?"), "/mcp");
    EXPECT_EQ(target_path("?a=1"), "");
}

}  // namespace
}  // namespace plugboard::http_test
