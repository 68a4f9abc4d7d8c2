#include "transport/http/legacy_sse_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "protocol/errors.hpp"
#include "transport/http/run_on_strand.hpp"

namespace plugboard::transport::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::status;

}  // namespace

Reply LegacySseEndpoint::open_stream(const Request& request) {
    if (request.method() != beast_http::verb::get) {
        return method_not_allowed("GET", "Method not allowed: GET opens the event stream");
    }
    if (!accepts(request, "text/event-stream")) {
        return event_stream_not_accepted();
    }
    auto session = sessions_.create(SessionStyle::LegacySse);
    if (!session) {
        return too_many_sessions();
    }
    StreamFeed feed;
    feed.stream = session->standalone();
    feed.preamble =
        format_named_event("endpoint", std::string(kMessagePath) + "?sessionId=" + session->id());
    // The stream is the session: when the client drops it, the session ends.
    feed.on_end = [this, id = session->id()] {
        sessions_.close(id, "the client closed its event stream");
    };
    feed.session = std::move(session);
    return stream_reply(std::move(feed));
}

boost::asio::awaitable<Reply> LegacySseEndpoint::post_message(
    const Request& request, const boost::asio::any_io_executor& connection) {
    if (request.method() != beast_http::verb::post) {
        co_return method_not_allowed("POST", "Method not allowed: POST messages here");
    }
    const auto id = query_parameter(request.target(), "sessionId");
    if (!id) {
        co_return error_reply(status::bad_request, protocol::kInvalidRequest,
                              "the sessionId query parameter is required");
    }
    auto session = sessions_.find(*id);
    if (!session || session->style() != SessionStyle::LegacySse) {
        co_return session_not_found();
    }
    if (!has_json_body(request)) {
        co_return unsupported_media_type();
    }
    session->touch();
    // Answers travel on the event stream; exchange 0 ties them to no POST.
    co_await run_on_strand(session->strand(), connection,
                           [&] { return session->deliver(request.body(), 0); });
    Reply reply;
    reply.response.result(status::accepted);
    reply.response.set(beast_http::field::content_type, "text/plain");
    reply.response.body() = "Accepted";
    reply.response.prepare_payload();
    co_return reply;
}

}  // namespace plugboard::transport::http
