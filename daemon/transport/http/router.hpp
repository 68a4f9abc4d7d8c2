// Picks the endpoint for a request after the checks every request gets:
// DNS-rebinding protection first, then the path.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "transport/http/legacy_sse_endpoint.hpp"
#include "transport/http/reply.hpp"
#include "transport/http/request_checks.hpp"
#include "transport/http/streamable_endpoint.hpp"

namespace plugboard::transport::http {

class Router {
  public:
    static constexpr std::string_view kStreamablePath = "/mcp";

    Router(SessionTable& sessions, const config::HttpSettings& settings);
    // `connection` is the executor of the connection the request came on.
    boost::asio::awaitable<Reply> route(const Request& request,
                                        const boost::asio::any_io_executor& connection);

  private:
    OriginPolicy origins_;
    StreamableEndpoint streamable_;
    LegacySseEndpoint legacy_;
};

}  // namespace plugboard::transport::http
