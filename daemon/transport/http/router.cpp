#include "transport/http/router.hpp"

#include <spdlog/spdlog.h>

#include "protocol/errors.hpp"

namespace plugboard::transport::http {

namespace beast_http = boost::beast::http;

Router::Router(SessionTable& sessions, const config::HttpSettings& settings)
    : origins_{settings.allowed_hosts, settings.allowed_origins},
      streamable_(sessions, settings),
      legacy_(sessions) {}

boost::asio::awaitable<Reply> Router::route(const Request& request,
                                            const boost::asio::any_io_executor& connection) {
    if (auto refusal = check_host_and_origin(request, origins_)) {
        spdlog::warn("refused {} {}: {}", std::string(request.method_string()),
                     std::string(request.target()), *refusal);
        co_return error_reply(beast_http::status::forbidden, protocol::kInvalidRequest,
                              "Forbidden: " + *refusal);
    }
    const std::string_view path = target_path(request.target());
    if (path == kStreamablePath) co_return co_await streamable_.handle(request, connection);
    if (path == LegacySseEndpoint::kStreamPath) co_return legacy_.open_stream(request);
    if (path == LegacySseEndpoint::kMessagePath)
        co_return co_await legacy_.post_message(request, connection);
    co_return error_reply(beast_http::status::not_found, protocol::kInvalidRequest,
                          "Not found: MCP is served at /mcp (and legacy SSE at /sse)");
}

}  // namespace plugboard::transport::http
