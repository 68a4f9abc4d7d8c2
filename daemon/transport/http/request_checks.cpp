#include "transport/http/request_checks.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include "protocol/revision.hpp"

namespace plugboard::transport::http {
namespace {

namespace beast_http = boost::beast::http;

// ASCII only: header names and host names are ASCII, and std::tolower
// consults the locale for every character.
std::string lowercase(std::string_view text) {
    std::string result(text);
    for (char& c : result) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return result;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back()))
        text.remove_suffix(1);
    return text;
}

// Beast's find() walks a tree ordered by a case-insensitive compare of the
// names; scanning a request's few fields by their enum is several times cheaper.
std::optional<std::string_view> header_value(const Request& request, beast_http::field name) {
    for (const auto& field : request) {
        if (field.name() == name) return std::string_view(field.value());
    }
    return std::nullopt;
}

bool host_allowed(std::string_view host, const OriginPolicy& policy) {
    return std::ranges::any_of(policy.allowed_hosts, [&](const std::string& allowed) {
        return allowed == "*" || boost::beast::iequals(allowed, host);
    });
}

}  // namespace

std::string host_without_port(std::string_view authority) {
    authority = trim(authority);
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        return lowercase(
            authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
    }
    return lowercase(authority.substr(0, authority.find(':')));
}

std::optional<std::string> check_host_and_origin(const Request& request,
                                                 const OriginPolicy& policy) {
    const auto host_field = header_value(request, beast_http::field::host);
    if (!host_field) return "the request has no Host header";
    const std::string host = host_without_port(*host_field);
    if (!host_allowed(host, policy)) {
        return "Host '" + std::string(*host_field) + "' is not allowed (http.allowed_hosts)";
    }
    const auto origin_field = header_value(request, beast_http::field::origin);
    if (!origin_field) return std::nullopt;
    const std::string_view origin = trim(*origin_field);
    const std::string lowered = lowercase(origin);
    if (std::ranges::any_of(policy.allowed_origins, [&](const std::string& allowed) {
            return lowercase(allowed) == lowered;
        })) {
        return std::nullopt;
    }
    const auto scheme_end = lowered.find("://");
    if (scheme_end != std::string::npos) {
        const std::string_view authority = std::string_view(lowered).substr(scheme_end + 3);
        if (authority.find('/') == std::string_view::npos &&
            host_allowed(host_without_port(authority), policy)) {
            return std::nullopt;
        }
    }
    return "Origin '" + std::string(origin) +
           "' is not allowed (http.allowed_hosts, http.allowed_origins)";
}

std::optional<std::string_view> header_value(const Request& request, std::string_view name) {
    for (const auto& field : request) {
        const std::string_view field_name = field.name_string();
        if (field_name.size() == name.size() && boost::beast::iequals(field_name, name)) {
            return std::string_view(field.value());
        }
    }
    return std::nullopt;
}

bool accepts(const Request& request, std::string_view media_type) {
    const auto field = header_value(request, beast_http::field::accept);
    if (!field) return true;
    const std::string_view family = media_type.substr(0, media_type.find('/') + 1);
    std::string_view rest = *field;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        const std::string_view type = trim(item.substr(0, item.find(';')));
        if (boost::beast::iequals(type, media_type) || type == "*/*" ||
            (type.size() == family.size() + 1 && type.ends_with('*') &&
             boost::beast::iequals(type.substr(0, family.size()), family))) {
            return true;
        }
    }
    return false;
}

bool has_json_body(const Request& request) {
    const auto field = header_value(request, beast_http::field::content_type);
    if (!field) return false;
    const std::string_view value = *field;
    return boost::beast::iequals(trim(value.substr(0, value.find(';'))), "application/json");
}

std::optional<std::string> check_protocol_version(const Request& request) {
    const auto value = header_value(request, "mcp-protocol-version");
    if (!value) return std::nullopt;
    if (protocol::parse_revision(trim(*value))) return std::nullopt;
    std::string supported;
    for (const auto revision : protocol::supported_revisions()) {
        if (!supported.empty()) supported += ", ";
        supported += protocol::to_string(revision);
    }
    return "Unsupported MCP-Protocol-Version '" + std::string(*value) +
           "' (supported: " + supported + ")";
}

protocol::Revision requested_revision(const Request& request) {
    const auto value = header_value(request, "mcp-protocol-version");
    if (!value) return protocol::Revision::V2025_03_26;
    return protocol::parse_revision(trim(*value)).value_or(protocol::Revision::V2025_03_26);
}

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
    const auto question = target.find('?');
    if (question == std::string_view::npos) return std::nullopt;
    std::string_view rest = target.substr(question + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        const auto equals = pair.find('=');
        if (pair.substr(0, equals) == name) {
            return std::string(equals == std::string_view::npos ? std::string_view{}
                                                                : pair.substr(equals + 1));
        }
    }
    return std::nullopt;
}

std::string_view target_path(std::string_view target) {
    return target.substr(0, target.find('?'));
}

}  // namespace plugboard::transport::http
