#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The host, port and origin grammar of the `http:` section.
namespace plugboard::config::detail {

// A DNS name or IPv4 address: letters, digits, '-', '.' and '_'.
bool is_host_name(std::string_view text);

// An IPv6 address without brackets, optionally with a "%zone" suffix ("fe80::1%eth0").
bool is_ipv6_literal(std::string_view text);

// A decimal port, 0 to 65535; no sign, no spaces.
std::optional<std::uint16_t> parse_port(std::string_view text);

// An `allowed_hosts` entry: a host name, "[IPV6]" or "*", lowercased as Host headers are
// case-insensitive. Returns nullopt with `error` set on bad input.
std::optional<std::string> normalize_allowed_host(std::string_view text, std::string& error);

// An `allowed_origins` entry, "SCHEME://HOST[:PORT]", lowercased and without the scheme's default
// port, as browsers send it in Origin headers. Returns nullopt with `error` set on bad input.
std::optional<std::string> normalize_origin(std::string_view text, std::string& error);

}  // namespace plugboard::config::detail
