// What the HTTP transport checks in a request's headers before any MCP
// handling: DNS-rebinding protection (Host, Origin), content negotiation and
// the MCP-Protocol-Version header.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/revision.hpp"

namespace plugboard::transport::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

struct OriginPolicy {
    std::vector<std::string> allowed_hosts;    // without port; "*" allows any
    std::vector<std::string> allowed_origins;  // full origins, e.g. https://app.example.com
};

// Why the request must be refused with 403, or nullopt when it may go on.
std::optional<std::string> check_host_and_origin(const Request& request,
                                                 const OriginPolicy& policy);

// The host of a Host header or an origin's authority, without the port
// ("[::1]:80" -> "[::1]", "Example.COM:8080" -> "example.com").
std::string host_without_port(std::string_view authority);

// The value of the first header named `name` (any case), or nullopt. A scan
// of the few fields of a request: Beast's find(string) first looks the name
// up among every header it knows, then walks a case-insensitive tree.
std::optional<std::string_view> header_value(const Request& request, std::string_view name);

// Whether the Accept header admits `media_type` (a missing Accept does).
bool accepts(const Request& request, std::string_view media_type);
// Whether Content-Type is application/json (parameters allowed).
bool has_json_body(const Request& request);

// Why an MCP-Protocol-Version header is unacceptable, or nullopt (absent is fine).
std::optional<std::string> check_protocol_version(const Request& request);
// The revision the MCP-Protocol-Version header names; without one the spec
// says to assume 2025-03-26. Call after check_protocol_version.
protocol::Revision requested_revision(const Request& request);

// A query parameter's value (no percent-decoding: ids are hex).
std::optional<std::string> query_parameter(std::string_view target, std::string_view name);
// The target without its query.
std::string_view target_path(std::string_view target);

}  // namespace plugboard::transport::http
