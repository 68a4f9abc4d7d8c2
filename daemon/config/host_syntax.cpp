#include "config/host_syntax.hpp"

#include <algorithm>
#include <charconv>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace plugboard::config::detail {
namespace {

constexpr std::size_t kMaxHostNameLength = 253;  // the DNS limit
constexpr std::string_view kOriginExample = "e.g. https://app.example.com";

bool is_ascii_alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return lower;
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

// RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool is_scheme(std::string_view text) {
    return !text.empty() && !(text.front() >= '0' && text.front() <= '9') &&
           std::ranges::all_of(
               text, [](char c) { return is_ascii_alnum(c) || c == '+' || c == '-' || c == '.'; });
}

std::string not_an_origin(std::string_view text) {
    return quoted(text) + " is not an origin; expected SCHEME://HOST[:PORT], " +
           std::string(kOriginExample);
}

// Browsers leave the scheme's default port out of Origin headers.
bool is_default_port(std::string_view scheme, std::uint16_t port) {
    return (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
}

}  // namespace

bool is_host_name(std::string_view text) {
    return !text.empty() && text.size() <= kMaxHostNameLength &&
           std::ranges::all_of(
               text, [](char c) { return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_'; });
}

bool is_ipv6_literal(std::string_view text) {
    const std::size_t percent = text.find('%');
    if (percent != std::string_view::npos) {
        const std::string_view zone = text.substr(percent + 1);
        if (zone.empty() || !is_host_name(zone)) return false;
        text = text.substr(0, percent);
    }
    in6_addr address{};
    return inet_pton(AF_INET6, std::string(text).c_str(), &address) == 1;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    std::uint32_t port = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, port);
    if (text.empty() || error != std::errc{} || stop != end || port > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(port);
}

std::optional<std::string> normalize_allowed_host(std::string_view text, std::string& error) {
    if (text == "*") return std::string(text);
    if (text.starts_with('[') && text.ends_with(']')) {
        if (is_ipv6_literal(text.substr(1, text.size() - 2))) return lowercase(text);
        error = quoted(text) + " is not an IPv6 address in brackets";
        return std::nullopt;
    }
    if (is_host_name(text)) return lowercase(text);
    if (is_ipv6_literal(text)) {
        error = "IPv6 addresses need brackets: [" + std::string(text) + "]";
    } else if (text.find(':') != std::string_view::npos) {
        error = quoted(text) + " has a port; give the host alone (any port is accepted)";
    } else {
        error =
            quoted(text) + " is not a host; expected a name, an IP address, \"[IPV6]\" or \"*\"";
    }
    return std::nullopt;
}

std::optional<std::string> normalize_origin(std::string_view text, std::string& error) {
    const std::size_t scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos || !is_scheme(text.substr(0, scheme_end))) {
        error = not_an_origin(text);
        return std::nullopt;
    }
    const std::string scheme = lowercase(text.substr(0, scheme_end));
    const std::string_view authority = text.substr(scheme_end + 3);
    if (authority.find_first_of("/?#") != std::string_view::npos) {
        error = quoted(text) + " has a path; an origin is SCHEME://HOST[:PORT], " +
                std::string(kOriginExample);
        return std::nullopt;
    }
    std::string_view host = authority;
    std::optional<std::string_view> port_text;
    bool host_ok = false;
    if (authority.starts_with('[')) {
        const std::size_t close = authority.find(']');
        if (close != std::string_view::npos) {
            host = authority.substr(0, close + 1);
            host_ok = is_ipv6_literal(authority.substr(1, close - 1));
            const std::string_view rest = authority.substr(close + 1);
            if (rest.starts_with(':')) {
                port_text = rest.substr(1);
            } else {
                host_ok = host_ok && rest.empty();
            }
        }
    } else {
        const std::size_t colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port_text = authority.substr(colon + 1);
        }
        host_ok = is_host_name(host);
    }
    if (!host_ok) {
        error = not_an_origin(text);
        return std::nullopt;
    }
    std::string origin = scheme + "://" + lowercase(host);
    if (port_text) {
        const auto port = parse_port(*port_text);
        if (!port) {
            error = "port must be 0..65535, got " + quoted(*port_text);
            return std::nullopt;
        }
        if (!is_default_port(scheme, *port)) origin += ':' + std::to_string(*port);
    }
    return origin;
}

}  // namespace plugboard::config::detail
