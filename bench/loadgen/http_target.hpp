#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>

namespace plugboard::bench {

// http://HOST[:PORT][/PATH] as given on the command line.
struct HttpUrl {
    std::string host;  // without the brackets of an IPv6 literal
    std::string port = "80";
    std::string host_header;  // HOST[:PORT] as written
    std::string path = "/";
};

// nullopt when `text` is not a plain http:// URL.
std::optional<HttpUrl> parse_http_url(std::string_view text);

// Where the connections go.
struct HttpTarget {
    HttpUrl url;
    sockaddr_storage address{};
    socklen_t address_length = 0;
};

// Resolves the URL's host. Throws std::runtime_error when it cannot.
HttpTarget resolve_http_target(const HttpUrl& url);

}  // namespace plugboard::bench
