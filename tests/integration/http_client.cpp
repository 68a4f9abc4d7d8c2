#include "http_client.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <cctype>
#include <chrono>
#include <stdexcept>

namespace plugboard::integration {
namespace {

using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;
using boost::asio::ip::tcp;

Milliseconds left_until(Clock::time_point deadline) {
    return std::max(Milliseconds(0),
                    std::chrono::duration_cast<Milliseconds>(deadline - Clock::now()));
}

std::string describe(const HttpResponse& answer) {
    std::string text =
        std::to_string(answer.result_int()) + " " + std::string(answer.reason()) + "\n";
    for (const auto& field : answer) {
        text += std::string(field.name_string()) + ": " + std::string(field.value()) + "\n";
    }
    return text + "\n" + answer.body();
}

bool is_response(const bj::object& message) {
    return !message.contains("method") && (message.contains("result") || message.contains("error"));
}

}  // namespace

bj::object SseEvent::message() const {
    boost::system::error_code error;
    const bj::value parsed = bj::parse(data.value_or(""), error);
    if (error || !parsed.is_object()) {
        throw std::runtime_error("event data is not a JSON object: " + data.value_or("<none>"));
    }
    return parsed.get_object();
}

std::optional<SseEvent> SseParser::next() {
    for (;;) {
        const auto newline = pending_.find('\n');
        if (newline == std::string::npos) return std::nullopt;
        std::string line = pending_.substr(0, newline);
        pending_.erase(0, newline + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            if (!in_event_) continue;
            in_event_ = false;
            return std::exchange(current_, SseEvent{});
        }
        const auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.erase(0, 1);
        if (name.empty()) {
            if (in_event_) {
                current_.comments.push_back(std::move(value));
                continue;
            }
            SseEvent comment;
            comment.comments.push_back(std::move(value));
            return comment;
        }
        in_event_ = true;
        if (name == "id") {
            current_.id = std::move(value);
        } else if (name == "event") {
            current_.event = std::move(value);
        } else if (name == "data") {
            current_.data = current_.data ? *current_.data + "\n" + value : value;
        } else if (name == "retry") {
            current_.retry = std::move(value);
        }
    }
}

std::vector<SseEvent> parse_sse(std::string_view body) {
    SseParser parser;
    parser.feed(body);
    std::vector<SseEvent> events;
    while (auto event = parser.next())
        events.push_back(std::move(*event));
    return events;
}

std::string media_type(std::string_view content_type) {
    std::string type(content_type.substr(0, content_type.find(';')));
    while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())))
        type.pop_back();
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type;
}

// Runs one asynchronous operation; cancels it when `timeout` passes first.
template <class Start>
boost::system::error_code HttpConnection::run(Start start, Milliseconds timeout) {
    std::optional<boost::system::error_code> outcome;
    start([&outcome](boost::system::error_code error, auto&&...) { outcome = error; });
    io_.restart();
    io_.run_for(std::max(timeout, Milliseconds(1)));
    if (!outcome) {
        boost::system::error_code ignored;
        socket_.cancel(ignored);
        io_.restart();
        io_.run();
    }
    if (!outcome || *outcome == asio::error::operation_aborted) return asio::error::timed_out;
    return *outcome;
}

void HttpConnection::fail(std::string_view what, const boost::system::error_code& error) const {
    throw std::runtime_error(std::string(what) + ": " + error.message());
}

HttpConnection::HttpConnection(std::uint16_t port, Milliseconds timeout) {
    const tcp::endpoint daemon(asio::ip::address_v4::loopback(), port);
    // A fixed receive buffer turns off the kernel's autotuning (up to 32 MiB
    // on some hosts), so a client that stops reading stalls the daemon's
    // writes at a size the tests can rely on.
    socket_.open(tcp::v4());
    socket_.set_option(asio::socket_base::receive_buffer_size(256 * 1024));
    const auto error =
        run([&](auto handler) { socket_.async_connect(daemon, std::move(handler)); }, timeout);
    if (error) fail("connecting to 127.0.0.1:" + std::to_string(port), error);
}

void HttpConnection::write(const HttpRequest& request, Milliseconds timeout) {
    head_request_ = request.method() == http::verb::head;
    const auto error = run(
        [&](auto handler) { http::async_write(socket_, request, std::move(handler)); }, timeout);
    if (error) fail("writing the request", error);
}

HttpResponse HttpConnection::exchange(const HttpRequest& request, Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    write(request, timeout);
    return read_response(left_until(deadline));
}

HttpResponse HttpConnection::read_response(Milliseconds timeout) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    parser.skip(head_request_);
    const auto error =
        run([&](auto handler) { http::async_read(socket_, buffer_, parser, std::move(handler)); },
            timeout);
    if (error) {
        std::string partial = parser.is_header_done() ? describe(parser.get()) : "no header";
        throw std::runtime_error("no complete answer within " + std::to_string(timeout.count()) +
                                 " ms (" + error.message() + "); got: " + partial);
    }
    return parser.release();
}

const HttpResponse& HttpConnection::open_stream(const HttpRequest& request, Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    write(request, timeout);
    stream_parser_.emplace();
    stream_parser_->body_limit(boost::none);
    sse_ = SseParser{};
    stream_ended_ = false;
    const auto error = run(
        [&](auto handler) {
            http::async_read_header(socket_, buffer_, *stream_parser_, std::move(handler));
        },
        left_until(deadline));
    if (error) fail("reading the answer's header", error);
    // A body-less answer (an error status with Content-Length 0) has nothing to stream.
    stream_ended_ = stream_parser_->is_done();
    return stream_parser_->get();
}

std::optional<SseEvent> HttpConnection::next_event(Milliseconds timeout) {
    if (!stream_parser_) throw std::logic_error("next_event without open_stream");
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        auto& body = stream_parser_->get().body();
        sse_.feed(body);
        body.clear();
        if (auto event = sse_.next()) return event;
        if (stream_ended_ || Clock::now() >= deadline) return std::nullopt;
        const auto error = run(
            [&](auto handler) {
                http::async_read_some(socket_, buffer_, *stream_parser_, std::move(handler));
            },
            left_until(deadline));
        if (error == asio::error::timed_out) continue;
        if (error || stream_parser_->is_done()) stream_ended_ = true;
    }
}

std::optional<bj::object> HttpConnection::next_message(Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (auto event = next_event(left_until(deadline))) {
        if (event->has_payload()) return event->message();
    }
    return std::nullopt;
}

bool HttpConnection::write_raw(std::string_view bytes, Milliseconds timeout) {
    const auto error = run(
        [&](auto handler) {
            asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                              std::move(handler));
        },
        timeout);
    return !error;
}

std::size_t HttpConnection::bytes_waiting() const {
    boost::system::error_code ignored;
    return buffer_.size() + socket_.available(ignored);
}

RawReply HttpConnection::read_until_closed(Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    RawReply reply;
    reply.bytes = boost::beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    std::array<char, 4096> chunk{};
    while (Clock::now() < deadline) {
        std::size_t received = 0;
        const auto error = run(
            [&](auto handler) {
                socket_.async_read_some(
                    asio::buffer(chunk),
                    [&received, handler = std::move(handler)](boost::system::error_code read_error,
                                                              std::size_t n) mutable {
                        received = n;
                        handler(read_error, n);
                    });
            },
            left_until(deadline));
        reply.bytes.append(chunk.data(), received);
        if (error == asio::error::timed_out) break;
        if (error) {
            reply.closed = true;
            break;
        }
    }
    return reply;
}

HttpRequest plain_request(std::uint16_t port, http::verb method, std::string_view target,
                          std::string body) {
    HttpRequest request(method, std::string(target), 11);
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    request.body() = std::move(body);
    request.prepare_payload();
    return request;
}

HttpRequest mcp_post(std::uint16_t port, std::string body, std::string_view session_id) {
    HttpRequest request = plain_request(port, http::verb::post, "/mcp", std::move(body));
    request.set(http::field::content_type, "application/json");
    request.set(http::field::accept, kAcceptBoth);
    if (!session_id.empty()) {
        request.set("Mcp-Session-Id", session_id);
        request.set("MCP-Protocol-Version", kLatestRevision);
    }
    return request;
}

HttpRequest mcp_get(std::uint16_t port, std::string_view session_id) {
    HttpRequest request = plain_request(port, http::verb::get, "/mcp");
    request.set(http::field::accept, "text/event-stream");
    if (!session_id.empty()) {
        request.set("Mcp-Session-Id", session_id);
        request.set("MCP-Protocol-Version", kLatestRevision);
    }
    return request;
}

HttpRequest mcp_delete(std::uint16_t port, std::string_view session_id) {
    HttpRequest request = plain_request(port, http::verb::delete_, "/mcp");
    if (!session_id.empty()) {
        request.set("Mcp-Session-Id", session_id);
        request.set("MCP-Protocol-Version", kLatestRevision);
    }
    return request;
}

bj::object initialize_params(std::string_view revision, bj::object capabilities) {
    return {{"protocolVersion", revision},
            {"capabilities", std::move(capabilities)},
            {"clientInfo", {{"name", "http-integration-tests"}, {"version", "1.0"}}}};
}

bj::object rpc_request(bj::value id, std::string_view method, bj::object params) {
    return {{"jsonrpc", "2.0"},
            {"id", std::move(id)},
            {"method", method},
            {"params", std::move(params)}};
}

bj::object rpc_notification(std::string_view method, bj::object params) {
    return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

bj::object json_body(const HttpResponse& answer) {
    boost::system::error_code error;
    const bj::value parsed = bj::parse(answer.body(), error);
    if (error || !parsed.is_object()) {
        throw std::runtime_error("expected a JSON object body in:\n" + describe(answer));
    }
    return parsed.get_object();
}

std::vector<bj::object> sse_messages(std::string_view body) {
    std::vector<bj::object> messages;
    for (const SseEvent& event : parse_sse(body)) {
        if (event.has_payload()) messages.push_back(event.message());
    }
    return messages;
}

bj::object rpc_response(const HttpResponse& answer) {
    const std::string type = media_type(answer[http::field::content_type]);
    if (answer.result() == http::status::ok && type == "application/json") {
        return json_body(answer);
    }
    if (answer.result() == http::status::ok && type == "text/event-stream") {
        for (bj::object& message : sse_messages(answer.body())) {
            if (is_response(message)) return std::move(message);
        }
    }
    throw std::runtime_error("expected a JSON-RPC response in:\n" + describe(answer));
}

McpSession::McpSession(std::uint16_t port, bj::object capabilities, std::string_view revision)
    : port_(port) {
    const bj::object initialize =
        rpc_request(0, "initialize", initialize_params(revision, std::move(capabilities)));
    const HttpResponse answer =
        HttpConnection(port).exchange(mcp_post(port, bj::serialize(initialize)));
    id_ = std::string(answer["Mcp-Session-Id"]);
    const bj::object response = rpc_response(answer);
    const bj::value* result = response.if_contains("result");
    if (id_.empty() || result == nullptr || !result->is_object()) {
        throw std::runtime_error("initialize made no session:\n" + describe(answer));
    }
    initialize_result_ = result->get_object();
    const HttpResponse initialized = post(rpc_notification("notifications/initialized"));
    if (initialized.result() != http::status::accepted) {
        throw std::runtime_error("notifications/initialized was not accepted:\n" +
                                 describe(initialized));
    }
}

HttpRequest McpSession::post_request(const bj::value& message) const {
    return mcp_post(port_, bj::serialize(message), id_);
}

HttpResponse McpSession::post(const bj::value& message, Milliseconds timeout) const {
    return HttpConnection(port_).exchange(post_request(message), timeout);
}

bj::object McpSession::next_request(std::string_view method, bj::object params) {
    return rpc_request(next_id_++, method, std::move(params));
}

bj::object McpSession::request(std::string_view method, bj::object params, Milliseconds timeout) {
    return rpc_response(post(next_request(method, std::move(params)), timeout));
}

}  // namespace plugboard::integration
