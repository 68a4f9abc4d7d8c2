#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "config/config.hpp"

namespace plugboard::config {
namespace {

std::optional<ListenAddress> parse_ok(std::string_view text) {
    std::string error;
    auto address = parse_listen_address(text, error);
    EXPECT_TRUE(address) << text << ": " << error;
    EXPECT_EQ(error, "");
    return address;
}

std::string error_of(std::string_view text) {
    std::string error;
    EXPECT_FALSE(parse_listen_address(text, error)) << text;
    return error;
}

TEST(ListenAddress, HostAndPort) {
    EXPECT_EQ(parse_ok("127.0.0.1:8080"), (ListenAddress{"127.0.0.1", 8080}));
    EXPECT_EQ(parse_ok("0.0.0.0:0"), (ListenAddress{"0.0.0.0", 0}));
    EXPECT_EQ(parse_ok("localhost:65535"), (ListenAddress{"localhost", 65535}));
    EXPECT_EQ(parse_ok("mcp.internal-net.example:443"),
              (ListenAddress{"mcp.internal-net.example", 443}));
}

TEST(ListenAddress, EmptyHostMeansLoopbackNotAllInterfaces) {
    EXPECT_EQ(parse_ok(":9000"), (ListenAddress{"127.0.0.1", 9000}));
}

TEST(ListenAddress, BracketedIpv6LosesItsBrackets) {
    EXPECT_EQ(parse_ok("[::1]:8080"), (ListenAddress{"::1", 8080}));
    EXPECT_EQ(parse_ok("[::]:0"), (ListenAddress{"::", 0}));
    EXPECT_EQ(parse_ok("[fe80::1%eth0]:80"), (ListenAddress{"fe80::1%eth0", 80}));
    EXPECT_EQ(parse_ok("[2001:db8::ffff:192.0.2.1]:1"),
              (ListenAddress{"2001:db8::ffff:192.0.2.1", 1}));
}

TEST(ListenAddress, PortIsDecimalWithinRange) {
    EXPECT_EQ(parse_ok("127.0.0.1:08080").value().port, 8080);
    EXPECT_EQ(error_of("127.0.0.1:65536"), "port must be 0..65535, got '65536'");
    EXPECT_EQ(error_of("127.0.0.1:99999999999999999999"),
              "port must be 0..65535, got '99999999999999999999'");
    EXPECT_EQ(error_of("127.0.0.1:-1"), "port must be 0..65535, got '-1'");
    EXPECT_EQ(error_of("127.0.0.1:+80"), "port must be 0..65535, got '+80'");
    EXPECT_EQ(error_of("127.0.0.1:0x50"), "port must be 0..65535, got '0x50'");
    EXPECT_EQ(error_of("127.0.0.1:http"), "port must be 0..65535, got 'http'");
    EXPECT_EQ(error_of("127.0.0.1: 80"), "port must be 0..65535, got ' 80'");
    EXPECT_EQ(error_of("[::1]:70000"), "port must be 0..65535, got '70000'");
}

TEST(ListenAddress, MissingPartsAreNamed) {
    EXPECT_EQ(error_of(""), "expected HOST:PORT, e.g. 127.0.0.1:8080");
    EXPECT_EQ(error_of("localhost"), "expected HOST:PORT, e.g. 127.0.0.1:8080");
    EXPECT_EQ(error_of("8080"), "expected HOST:PORT, e.g. 127.0.0.1:8080");
    EXPECT_EQ(error_of("127.0.0.1:"),
              "the port is missing; expected HOST:PORT, e.g. 127.0.0.1:8080");
    EXPECT_EQ(error_of("[::1]"), "expected [IPV6]:PORT, e.g. [::1]:8080");
    EXPECT_EQ(error_of("[::1:8080"), "expected [IPV6]:PORT, e.g. [::1]:8080");
    EXPECT_EQ(error_of("[::1]8080"), "expected [IPV6]:PORT, e.g. [::1]:8080");
}

TEST(ListenAddress, UnbracketedIpv6IsRefused) {
    EXPECT_EQ(error_of("::1:8080"), "IPv6 addresses need brackets: [::1]:8080");
    EXPECT_EQ(error_of("fe80::1:80"), "IPv6 addresses need brackets: [::1]:8080");
}

TEST(ListenAddress, BadHostsAreRefused) {
    EXPECT_EQ(error_of("http://127.0.0.1:8080"),
              "give the address without a scheme; expected HOST:PORT, e.g. 127.0.0.1:8080");
    EXPECT_EQ(error_of("local host:80"),
              "'local host' is not a host name or IP address; expected HOST:PORT, e.g. "
              "127.0.0.1:8080");
    EXPECT_EQ(error_of("[127.0.0.1]:80"),
              "'127.0.0.1' is not an IPv6 address; expected [IPV6]:PORT, e.g. [::1]:8080");
    EXPECT_EQ(error_of("[]:80"),
              "'' is not an IPv6 address; expected [IPV6]:PORT, e.g. [::1]:8080");
}

TEST(ListenAddress, ToStringBracketsIpv6) {
    EXPECT_EQ((ListenAddress{"127.0.0.1", 8080}).to_string(), "127.0.0.1:8080");
    EXPECT_EQ((ListenAddress{"localhost", 0}).to_string(), "localhost:0");
    EXPECT_EQ((ListenAddress{"::1", 443}).to_string(), "[::1]:443");
    EXPECT_EQ(ListenAddress{}.to_string(), "127.0.0.1:8080");
}

TEST(ListenAddress, ToStringRoundTrips) {
    for (const std::string_view text : {"127.0.0.1:1", "[::1]:8080", "[fe80::1%eth0]:0", "a.b:9"}) {
        EXPECT_EQ(parse_ok(text).value().to_string(), text);
    }
}

}  // namespace
}  // namespace plugboard::config
