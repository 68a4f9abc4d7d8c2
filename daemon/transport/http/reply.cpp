#include "transport/http/reply.hpp"

#include <boost/beast/http/field.hpp>

#include "json/json_writer.hpp"

namespace plugboard::transport::http {

namespace beast_http = boost::beast::http;

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
