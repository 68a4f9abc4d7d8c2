// The HTTP+SSE transport of MCP 2024-11-05: GET /sse opens a session's one
// event stream and names, in an `endpoint` event, where to POST messages.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "transport/http/reply.hpp"
#include "transport/http/request_checks.hpp"
#include "transport/http/session_table.hpp"

namespace plugboard::transport::http {

class LegacySseEndpoint {
  public:
    static constexpr std::string_view kStreamPath = "/sse";
    static constexpr std::string_view kMessagePath = "/messages";

    explicit LegacySseEndpoint(SessionTable& sessions) : sessions_(sessions) {}

    Reply open_stream(const Request& request);
    boost::asio::awaitable<Reply> post_message(const Request& request,
                                               const boost::asio::any_io_executor& connection);

  private:
    SessionTable& sessions_;
};

}  // namespace plugboard::transport::http
