#include <string>
#include <utility>

#include "config/config.hpp"
#include "config/host_syntax.hpp"

namespace plugboard::config {
namespace {

constexpr std::string_view kExpected = "expected HOST:PORT, e.g. 127.0.0.1:8080";
constexpr std::string_view kExpectedIpv6 = "expected [IPV6]:PORT, e.g. [::1]:8080";

std::optional<ListenAddress> fail(std::string& error, std::string message) {
    error = std::move(message);
    return std::nullopt;
}

}  // namespace

std::string ListenAddress::to_string() const {
    const std::string port_text = std::to_string(port);
    if (host.find(':') != std::string::npos) return '[' + host + "]:" + port_text;
    return host + ':' + port_text;
}

std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error) {
    std::string_view host;
    std::string_view port_text;
    if (text.find("://") != std::string_view::npos) {
        return fail(error, "give the address without a scheme; " + std::string(kExpected));
    }
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) return fail(error, std::string(kExpectedIpv6));
        host = text.substr(1, close - 1);
        if (!detail::is_ipv6_literal(host)) {
            return fail(error, "'" + std::string(host) + "' is not an IPv6 address; " +
                                   std::string(kExpectedIpv6));
        }
        const std::string_view rest = text.substr(close + 1);
        if (!rest.starts_with(':')) return fail(error, std::string(kExpectedIpv6));
        port_text = rest.substr(1);
    } else {
        const std::size_t colon = text.rfind(':');
        if (colon == std::string_view::npos) return fail(error, std::string(kExpected));
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            return fail(error, "IPv6 addresses need brackets: [::1]:8080");
        }
        if (host.empty()) {
            host = "127.0.0.1";
        } else if (!detail::is_host_name(host)) {
            return fail(error, "'" + std::string(host) + "' is not a host name or IP address; " +
                                   std::string(kExpected));
        }
    }
    if (port_text.empty()) return fail(error, "the port is missing; " + std::string(kExpected));
    const auto port = detail::parse_port(port_text);
    if (!port) return fail(error, "port must be 0..65535, got '" + std::string(port_text) + "'");
    return ListenAddress{std::string(host), *port};
}

}  // namespace plugboard::config
