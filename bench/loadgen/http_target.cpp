#include "http_target.hpp"

#include <netdb.h>

#include <cstring>
#include <stdexcept>

namespace plugboard::bench {

std::optional<HttpUrl> parse_http_url(std::string_view text) {
    constexpr std::string_view kScheme = "http://";
    if (!text.starts_with(kScheme)) return std::nullopt;
    text.remove_prefix(kScheme.size());
    HttpUrl url;
    const auto path_start = text.find('/');
    if (path_start != std::string_view::npos) url.path = std::string(text.substr(path_start));
    const std::string_view authority = text.substr(0, path_start);
    url.host_header = std::string(authority);

    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        url.host = std::string(authority.substr(1, close - 1));
        const std::string_view rest = authority.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
        if (!rest.empty()) port = rest.substr(1);
    } else {
        const auto colon = authority.find(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    if (url.host.empty()) return std::nullopt;
    if (!port.empty()) {
        if (port.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
        url.port = std::string(port);
    }
    return url;
}

HttpTarget resolve_http_target(const HttpUrl& url) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int error = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found);
    if (error != 0) {
        throw std::runtime_error("cannot resolve " + url.host + ": " + ::gai_strerror(error));
    }
    HttpTarget target;
    target.url = url;
    std::memcpy(&target.address, found->ai_addr, found->ai_addrlen);
    target.address_length = found->ai_addrlen;
    ::freeaddrinfo(found);
    return target;
}

}  // namespace plugboard::bench
