// One client connection: reads requests under size and time limits, hands
// them to the router, and writes the replies, feeding event streams until
// they end, the client hangs up, or the server stops.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "transport/http/router.hpp"

namespace plugboard::transport::http {

struct ConnectionLimits {
    std::size_t max_body_bytes = 4 << 20;
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_url_bytes = 4096;
    std::chrono::milliseconds request_timeout{30000};
    std::chrono::milliseconds write_timeout{30000};
    std::chrono::milliseconds idle_timeout{60000};
    std::chrono::milliseconds keepalive_interval{15000};
    std::chrono::milliseconds retry_hint{1000};
};

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// Lets the server end a connection from outside. `close(force)` dispatches to
// the connection's executor: it ends a connection waiting for its next
// request, and with `force` any connection, mid-stream or not.
struct ConnectionControl {
    std::function<void(bool force)> close;
    // On the connection's executor:
    bool stopping = false;
    bool idle = false;  // between requests
};

template <class Stream>
boost::asio::awaitable<void> serve_connection(Stream& stream, Router& router,
                                              const ConnectionLimits& limits,
                                              std::shared_ptr<ConnectionControl> control);

}  // namespace plugboard::transport::http
