#include "transport/http/streamable_endpoint.hpp"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include "protocol/errors.hpp"
#include "protocol/revision.hpp"
#include "transport/http/run_on_strand.hpp"

// GCC 12 pairs an inlined awaitable frame allocation (Asio's recycling
// allocator) with the frame's class operator delete and reports a mismatch
// that is not there; clang and GCC 13 are quiet.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace plugboard::transport::http {
namespace {

namespace beast_http = boost::beast::http;
using beast_http::status;

constexpr std::string_view kSessionHeader = "Mcp-Session-Id";

enum class BodyKind { NotJson, Initialize, Other };

BodyKind classify(std::string_view body) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size()).get(root)) return BodyKind::NotJson;
    std::string_view method;
    if (root.is_object() && !root["method"].get_string().get(method) && method == "initialize")
        return BodyKind::Initialize;
    return BodyKind::Other;
}

}  // namespace

boost::asio::awaitable<Reply> StreamableEndpoint::handle(
    const Request& request, const boost::asio::any_io_executor& connection) {
    const auto method = request.method();
    if (settings_.stateless && method != beast_http::verb::post) {
        co_return method_not_allowed("POST",
                                     "Method not allowed: this server runs without sessions "
                                     "(http.stateless), so there is nothing to GET or DELETE");
    }
    if (method != beast_http::verb::post && method != beast_http::verb::get &&
        method != beast_http::verb::delete_) {
        co_return method_not_allowed("GET, POST, DELETE",
                                     "Method not allowed: use POST, GET or DELETE");
    }
    if (auto problem = check_protocol_version(request)) {
        co_return error_reply(status::bad_request, protocol::kInvalidRequest, *problem);
    }
    if (settings_.stateless) co_return post_stateless(request, connection);
    if (method == beast_http::verb::post) co_return co_await post(request, connection);
    if (method == beast_http::verb::get) co_return get(request, connection);
    co_return remove(request);
}

std::variant<std::shared_ptr<HttpSession>, Reply> StreamableEndpoint::named_session(
    const Request& request) {
    const auto id = header_value(request, kSessionHeader);
    if (!id) {
        return error_reply(status::bad_request, protocol::kInvalidRequest,
                           "Bad Request: the Mcp-Session-Id header is required (send "
                           "initialize first to get one)");
    }
    auto session = sessions_.find(*id);
    if (!session || session->style() != SessionStyle::Streamable) {
        return session_not_found();
    }
    session->touch();
    return session;
}

std::optional<Reply> StreamableEndpoint::refuse_post(const Request& request) {
    if (!has_json_body(request)) return unsupported_media_type();
    if (!accepts(request, "application/json") || !accepts(request, "text/event-stream")) {
        return error_reply(status::not_acceptable, protocol::kInvalidRequest,
                           "Accept must list both application/json and text/event-stream");
    }
    return std::nullopt;
}

Reply StreamableEndpoint::answer_post(const std::shared_ptr<HttpSession>& session,
                                      const std::shared_ptr<EventStream>& stream,
                                      const HttpSession::Delivery& delivery) {
    if (delivery.rejection) {
        session->forget_stream(stream->number());
        return json_reply(status::bad_request, *delivery.rejection);
    }
    if (delivery.answers == 0) {
        session->forget_stream(stream->number());
        return empty_reply(status::accepted);
    }
    auto ready = stream->after(0);
    if (ready.finished && ready.events.size() == 1) {
        session->forget_stream(stream->number());
        return json_reply(status::ok, std::move(ready.events[0].data));
    }
    return stream_reply(feed_for(session, stream, 0, true));
}

Reply StreamableEndpoint::post_stateless(const Request& request,
                                         const boost::asio::any_io_executor& connection) {
    if (auto refusal = refuse_post(request)) return std::move(*refusal);
    // A session of its own for this POST only; it counts toward
    // max_sessions while the request runs, and ends with its answer. It
    // shares the connection's strand: nothing else could use one of its own.
    auto session = sessions_.create(SessionStyle::Stateless, connection);
    if (!session) return too_many_sessions();
    const auto revision = requested_revision(request);
    auto stream = session->open_exchange();
    // handle() runs on the connection's strand, which is the session's too.
    session->protocol().assume_initialized(revision);
    Reply reply = answer_post(session, stream, session->deliver(request.body(), stream->number()));
    if (reply.feed) {
        // Ends the session (and cancels its call) when the stream ends, answered or dropped.
        reply.feed->on_end = [this, id = session->id()] { sessions_.close(id, "request done"); };
    } else {
        // Answered already: end the session here, not with a post to its strand.
        session->close_here("request done");
        sessions_.close(session->id(), "request done");
    }
    return reply;
}

boost::asio::awaitable<Reply> StreamableEndpoint::post(
    const Request& request, const boost::asio::any_io_executor& connection) {
    if (auto refusal = refuse_post(request)) co_return std::move(*refusal);
    std::shared_ptr<HttpSession> session;
    bool created = false;
    if (!header_value(request, kSessionHeader)) {
        switch (classify(request.body())) {
            case BodyKind::NotJson:
                co_return error_reply(status::bad_request, protocol::kParseError,
                                      "Parse error: the body is not valid JSON");
            case BodyKind::Other:
                co_return std::get<Reply>(named_session(request));
            case BodyKind::Initialize:
                break;
        }
        session = sessions_.create(SessionStyle::Streamable);
        if (!session) {
            co_return too_many_sessions();
        }
        created = true;
    } else {
        auto named = named_session(request);
        if (auto* reply = std::get_if<Reply>(&named)) co_return std::move(*reply);
        session = std::get<std::shared_ptr<HttpSession>>(std::move(named));
    }

    auto stream = session->open_exchange();
    const auto delivery = co_await run_on_strand(session->strand(), connection, [&] {
        return session->deliver(request.body(), stream->number());
    });

    const bool keep_session = !created || session->protocol().initialized();
    if (created && !keep_session) sessions_.close(session->id(), "initialize failed");
    const auto with_session_header = [&](Reply reply) {
        if (created && keep_session) reply.response.set(kSessionHeader, session->id());
        return reply;
    };
    co_return with_session_header(answer_post(session, stream, delivery));
}

Reply StreamableEndpoint::get(const Request& request,
                              const boost::asio::any_io_executor& connection) {
    if (!accepts(request, "text/event-stream")) {
        return event_stream_not_accepted();
    }
    auto named = named_session(request);
    if (auto* reply = std::get_if<Reply>(&named)) return std::move(*reply);
    auto session = std::get<std::shared_ptr<HttpSession>>(std::move(named));

    if (const auto last_event = header_value(request, "last-event-id")) {
        const auto position = parse_event_id(*last_event);
        auto stream = position ? session->find_stream(position->stream) : nullptr;
        if (!stream) {
            return error_reply(status::bad_request, protocol::kInvalidRequest,
                               "Last-Event-ID '" + std::string(*last_event) +
                                   "' names no stream this session still keeps");
        }
        return stream_reply(feed_for(session, stream, position->sequence, false));
    }
    auto standalone = session->standalone();
    // Attached here, not when streaming starts, so two GETs cannot both win.
    auto wakeup = standalone->try_attach(connection);
    if (!wakeup) {
        return error_reply(status::conflict, protocol::kInvalidRequest,
                           "This session already has a GET stream open");
    }
    StreamFeed feed = feed_for(session, standalone, standalone->written(), false);
    feed.wakeup = std::move(wakeup);
    return stream_reply(std::move(feed));
}

Reply StreamableEndpoint::remove(const Request& request) {
    auto named = named_session(request);
    if (auto* reply = std::get_if<Reply>(&named)) return std::move(*reply);
    const auto& session = std::get<std::shared_ptr<HttpSession>>(named);
    spdlog::info("session {} ended by the client", session->id());
    sessions_.close(session->id(), "the client ended the session");
    return empty_reply(status::ok);
}

StreamFeed StreamableEndpoint::feed_for(std::shared_ptr<HttpSession> session,
                                        std::shared_ptr<EventStream> stream, std::uint64_t after,
                                        bool may_close_early) const {
    StreamFeed feed;
    // Only a stream's first connection: a resumed one has its ids already.
    feed.priming = after == 0 && session->protocol().revision() >= protocol::Revision::V2025_11_25;
    if (may_close_early && feed.priming && settings_.sse_close_post_streams_after.count() > 0) {
        feed.close_after = settings_.sse_close_post_streams_after;
    }
    feed.session = std::move(session);
    feed.stream = std::move(stream);
    feed.after = after;
    return feed;
}

}  // namespace plugboard::transport::http
