#include "transport/http/reply.hpp"

#include <boost/beast/http/field.hpp>

#include "json/json_writer.hpp"
#include "protocol/errors.hpp"

namespace plugboard::transport::http {

namespace beast_http = boost::beast::http;
using beast_http::status;

namespace {

// MCP's code for an unknown session, as the SDKs send it.
constexpr int kSessionNotFound = -32001;

}  // namespace

Reply empty_reply(beast_http::status status) {
    Reply reply;
    reply.response.result(status);
    reply.response.prepare_payload();
    return reply;
}

Reply json_reply(beast_http::status status, std::string body) {
    Reply reply;
    reply.response.result(status);
    reply.response.set(beast_http::field::content_type, "application/json");
    reply.response.body() = std::move(body);
    reply.response.prepare_payload();
    return reply;
}

Reply error_reply(beast_http::status status, int code, std::string_view message) {
    std::string body = R"({"jsonrpc":"2.0","id":null,"error":{"code":)";
    body += std::to_string(code);
    body += R"(,"message":)";
    json::append_string(body, message);
    body += "}}";
    return json_reply(status, std::move(body));
}

Reply method_not_allowed(std::string_view allow, std::string_view message) {
    Reply reply = error_reply(status::method_not_allowed, protocol::kInvalidRequest, message);
    reply.response.set(beast_http::field::allow, allow);
    return reply;
}

Reply unsupported_media_type() {
    return error_reply(status::unsupported_media_type, protocol::kInvalidRequest,
                       "Content-Type must be application/json");
}

Reply event_stream_not_accepted() {
    return error_reply(status::not_acceptable, protocol::kInvalidRequest,
                       "Accept must list text/event-stream");
}

Reply session_not_found() {
    return error_reply(status::not_found, kSessionNotFound, "Session not found");
}

Reply too_many_sessions() {
    return error_reply(status::service_unavailable, protocol::kInternalError,
                       "Too many sessions (http.max_sessions)");
}

Reply stream_reply(StreamFeed feed) {
    Reply reply;
    reply.response.result(beast_http::status::ok);
    reply.response.set(beast_http::field::content_type, "text/event-stream");
    reply.response.set(beast_http::field::cache_control, "no-cache, no-transform");
    // nginx buffers responses unless told not to; SSE must flow at once.
    reply.response.set("X-Accel-Buffering", "no");
    reply.feed = std::move(feed);
    return reply;
}

}  // namespace plugboard::transport::http
