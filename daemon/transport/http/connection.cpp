#include "transport/http/connection.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <string_view>

#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "protocol/errors.hpp"

namespace plugboard::transport::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = beast::http;
using asio::use_awaitable;
using beast_http::status;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;

using RequestParser = beast_http::request_parser<beast_http::string_body>;

template <class Stream>
auto& tcp_layer(Stream& stream) {
    return beast::get_lowest_layer(stream);
}

// Writes raw bytes (chunks of an event stream) under the write timeout.
template <class Stream, class Buffers>
asio::awaitable<error_code> write_timed(Stream& stream, const Buffers& buffers,
                                        const ConnectionLimits& limits) {
    error_code error;
    tcp_layer(stream).expires_after(limits.write_timeout);
    co_await asio::async_write(stream, buffers, asio::redirect_error(use_awaitable, error));
    tcp_layer(stream).expires_never();
    co_return error;
}

// The status line and headers of a response whose body is sent as is.
// Written by hand: Beast's generic serializer cost more than the rest of a
// small JSON answer.
std::string response_head(const Response& response) {
    const std::string_view version = response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    const std::string code = std::to_string(response.result_int());
    const std::string_view reason = response.reason();
    std::size_t size = version.size() + code.size() + 1 + reason.size() + 4;
    for (const auto& field : response)
        size += field.name_string().size() + field.value().size() + 4;
    std::string head;
    head.reserve(size);  // one allocation, not one per field
    head.append(version).append(code).append(" ").append(reason).append("\r\n");
    for (const auto& field : response) {
        head.append(field.name_string()).append(": ").append(field.value()).append("\r\n");
    }
    head.append("\r\n");
    return head;
}

// Head and body in one gathered write. On a plain socket it is tried at
// once without waiting: a small answer nearly always fits the socket
// buffer, and then no async operation (and no timer) is needed.
template <class Stream>
asio::awaitable<error_code> write_response(Stream& stream, Response& response,
                                           const ConnectionLimits& limits) {
    const std::string head = response_head(response);
    const std::array<asio::const_buffer, 2> pieces{asio::buffer(head),
                                                   asio::buffer(response.body())};
    beast::buffers_suffix<std::array<asio::const_buffer, 2>> rest(pieces);
    if constexpr (std::is_same_v<Stream, PlainStream>) {
        auto& socket = tcp_layer(stream).socket();
        error_code error;
        socket.non_blocking(true, error);
        if (!error) rest.consume(socket.write_some(pieces, error));
        if (!error && beast::buffer_bytes(rest) == 0) co_return error;
        if (error && error != asio::error::would_block) co_return error;
    }
    co_return co_await write_timed(stream, rest, limits);
}

// Reads one request into `parser`. Bytes already buffered are parsed right
// here; the socket is read (under the request timeout) only when they do
// not hold the whole request.
template <class Stream>
asio::awaitable<error_code> read_request(Stream& stream, beast::flat_buffer& buffer,
                                         RequestParser& parser, const ConnectionLimits& limits) {
    bool reading = false;
    error_code error;
    for (;;) {
        if (buffer.size() > 0) {
            buffer.consume(parser.put(buffer.data(), error));
            if (error == beast_http::error::need_more) error = {};
            if (error || parser.is_done()) break;
        }
        if (!reading) {
            tcp_layer(stream).expires_after(limits.request_timeout);
            reading = true;
        }
        const std::size_t got =
            co_await stream.async_read_some(buffer.prepare(beast::read_size(buffer, 65536)),
                                            asio::redirect_error(use_awaitable, error));
        if (error) break;
        buffer.commit(got);
    }
    if (reading) tcp_layer(stream).expires_never();
    co_return error;
}

// Completes when the client hangs up. While a response streams an HTTP/1.1
// client sends nothing, so any end of the read means it is gone. It reads
// the bare socket: the stream's timeouts are for writes here, and the
// connection is not reused after a stream.
template <class Stream>
asio::awaitable<void> watch_for_hangup(Stream& stream) {
    char scratch[512];
    for (;;) {
        error_code error;
        co_await tcp_layer(stream).socket().async_read_some(
            asio::buffer(scratch), asio::redirect_error(use_awaitable, error));
        if (error) co_return;
    }
}

// Writes the events of `feed.stream` after `cursor` until it finishes.
template <class Stream>
asio::awaitable<void> feed_events(Stream& stream, StreamFeed& feed,
                                  const std::shared_ptr<Wakeup>& wakeup, std::uint64_t& cursor,
                                  const ConnectionLimits& limits, ConnectionControl& control) {
    const auto executor = co_await asio::this_coro::executor;
    const auto started = std::chrono::steady_clock::now();
    const std::uint64_t number = feed.stream->number();
    std::string text = feed.preamble;
    if (feed.priming)
        text += format_priming_event(event_id(number, cursor), limits.retry_hint.count());
    asio::steady_timer timer(executor);
    for (;;) {
        if (!feed.stream->is_attached(wakeup)) break;  // a resumed connection took over
        auto pending = feed.stream->after(cursor);
        if (pending.gap) {
            spdlog::warn(
                "session {}: stream {} lost events to its replay limit "
                "(http.sse.replay_events)",
                feed.session->id(), number);
        }
        for (const Event& event : pending.events)
            text += format_message_event(event_id(number, event.sequence), event.data);
        if (!text.empty()) {
            if (co_await write_timed(stream, beast_http::make_chunk(asio::buffer(text)), limits))
                co_return;
            text.clear();
        }
        if (!pending.events.empty()) cursor = pending.events.back().sequence;
        if (pending.finished || control.stopping) break;

        auto wait = limits.keepalive_interval;
        if (feed.close_after) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                started + *feed.close_after - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;  // the client polls with Last-Event-ID
            wait = std::min(wait, left);
        }
        timer.expires_after(wait);
        auto woken = co_await (wakeup->async_receive(asio::experimental::as_tuple(use_awaitable)) ||
                               timer.async_wait(asio::experimental::as_tuple(use_awaitable)));
        // The timer ran out: a keepalive is due, unless it was the poll deadline.
        if (woken.index() == 1 && wait == limits.keepalive_interval)
            text = std::string(kKeepaliveComment);
    }
    co_await write_timed(stream, beast_http::make_chunk_last(), limits);
}

template <class Stream>
asio::awaitable<void> write_stream(Stream& stream, Reply& reply, const ConnectionLimits& limits,
                                   ConnectionControl& control) {
    beast_http::response<beast_http::empty_body> head{reply.response.result(),
                                                      reply.response.version()};
    for (const auto& field : reply.response)
        head.set(field.name_string(), field.value());
    head.chunked(true);
    head.keep_alive(false);
    beast_http::response_serializer<beast_http::empty_body> serializer{head};
    error_code error;
    tcp_layer(stream).expires_after(limits.write_timeout);
    co_await beast_http::async_write_header(stream, serializer,
                                            asio::redirect_error(use_awaitable, error));
    tcp_layer(stream).expires_never();
    StreamFeed& feed = *reply.feed;
    // No co_await inside a conditional expression: GCC 12 miscompiles it.
    const auto executor = co_await asio::this_coro::executor;
    auto wakeup = feed.wakeup;
    if (!wakeup) wakeup = feed.stream->attach(executor);
    std::uint64_t cursor = feed.after;
    if (!error) {
        co_await (feed_events(stream, feed, wakeup, cursor, limits, control) ||
                  watch_for_hangup(stream));
    }
    feed.stream->detach(wakeup, cursor);
    if (feed.on_end) feed.on_end();
}

Reply refusal(status code, std::string_view message) {
    Reply reply = error_reply(code, protocol::kInvalidRequest, message);
    reply.response.keep_alive(false);
    return reply;
}

Reply body_too_large(const ConnectionLimits& limits) {
    return refusal(status::payload_too_large,
                   "Request body larger than limits.max_message_bytes (" +
                       std::to_string(limits.max_body_bytes) + " bytes)");
}

}  // namespace

template <class Stream>
asio::awaitable<void> serve_connection(Stream& stream, Router& router,
                                       const ConnectionLimits& limits,
                                       std::shared_ptr<ConnectionControl> control) {
    const auto executor = co_await asio::this_coro::executor;
    beast::flat_buffer buffer;
    for (;;) {
        error_code error;
        if (buffer.size() == 0) {
            // Idle between requests: wait for the first byte of the next one.
            if (control->stopping) co_return;
            control->idle = true;
            tcp_layer(stream).expires_after(limits.idle_timeout);
            const std::size_t got = co_await stream.async_read_some(
                buffer.prepare(4096), asio::redirect_error(use_awaitable, error));
            control->idle = false;
            if (error || control->stopping) co_return;
            buffer.commit(got);
        }
        RequestParser parser;
        parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
        parser.body_limit(limits.max_body_bytes);
        parser.eager(true);
        error = co_await read_request(stream, buffer, parser, limits);
        std::optional<Reply> refused;
        if (error == beast_http::error::body_limit) {
            refused = body_too_large(limits);
        } else if (error == beast_http::error::header_limit) {
            refused = refusal(status::request_header_fields_too_large,
                              "Request headers too large (http.max_header_bytes)");
        } else if (error) {
            if (error != beast::error::timeout && error != asio::error::eof &&
                error != asio::error::operation_aborted && error != asio::error::connection_reset &&
                error != beast_http::error::partial_message) {
                refused =
                    refusal(status::bad_request, "Malformed HTTP request: " + error.message());
            } else {
                co_return;  // timed out or hung up, maybe mid-request
            }
        } else if (parser.get().target().size() > limits.max_url_bytes) {
            refused = refusal(status::uri_too_long, "URL too long (http.max_url_bytes)");
        }

        Reply reply;
        bool keep_alive = false;
        if (refused) {
            reply = std::move(*refused);
        } else {
            const Request& request = parser.get();
            reply = co_await router.route(request, executor);
            keep_alive = request.keep_alive() && !control->stopping;
            reply.response.version(request.version());
        }
        if (reply.feed) {
            co_await write_stream(stream, reply, limits, *control);
            co_return;
        }
        reply.response.keep_alive(keep_alive);
        if (co_await write_response(stream, reply.response, limits) || !keep_alive) co_return;
    }
}

template asio::awaitable<void> serve_connection<PlainStream>(PlainStream&, Router&,
                                                             const ConnectionLimits&,
                                                             std::shared_ptr<ConnectionControl>);
template asio::awaitable<void> serve_connection<TlsStream>(TlsStream&, Router&,
                                                           const ConnectionLimits&,
                                                           std::shared_ptr<ConnectionControl>);

}  // namespace plugboard::transport::http
