// Streamable HTTP (MCP 2025-03-26 and later) at one path: POST carries client
// messages, GET opens or resumes an event stream, DELETE ends the session.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "transport/http/reply.hpp"
#include "transport/http/request_checks.hpp"
#include "transport/http/session_table.hpp"

namespace plugboard::transport::http {

class StreamableEndpoint {
  public:
    StreamableEndpoint(SessionTable& sessions, const config::HttpSettings& settings)
        : sessions_(sessions), settings_(settings) {}

    // `connection` is the executor of the connection the request came on.
    boost::asio::awaitable<Reply> handle(const Request& request,
                                         const boost::asio::any_io_executor& connection);

  private:
    boost::asio::awaitable<Reply> post(const Request& request,
                                       const boost::asio::any_io_executor& connection);
    // http.stateless: the POST is served by a session of its own, on the
    // connection's strand (where handle() runs), so without suspending.
    Reply post_stateless(const Request& request, const boost::asio::any_io_executor& connection);
    // 415/406 for a POST whose headers do not fit, or nullopt.
    static std::optional<Reply> refuse_post(const Request& request);
    // The reply to a delivered POST: 400, 202, a JSON answer or its stream.
    Reply answer_post(const std::shared_ptr<HttpSession>& session,
                      const std::shared_ptr<EventStream>& stream,
                      const HttpSession::Delivery& delivery);
    // `connection` is the executor of the connection that will stream.
    Reply get(const Request& request, const boost::asio::any_io_executor& connection);
    Reply remove(const Request& request);
    // The session the request names, or the error reply when it names none.
    std::variant<std::shared_ptr<HttpSession>, Reply> named_session(const Request& request);
    StreamFeed feed_for(std::shared_ptr<HttpSession> session, std::shared_ptr<EventStream> stream,
                        std::uint64_t after, bool may_close_early) const;

    SessionTable& sessions_;
    const config::HttpSettings& settings_;
};

}  // namespace plugboard::transport::http
