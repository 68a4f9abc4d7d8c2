// What an endpoint answers: a whole HTTP response, or the head of an SSE
// response whose body the connection then feeds from an event stream.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "transport/http/event_stream.hpp"
#include "transport/http/http_session.hpp"

namespace plugboard::transport::http {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct StreamFeed {
    std::shared_ptr<HttpSession> session;  // kept alive while streaming
    std::shared_ptr<EventStream> stream;
    // Set when the endpoint already attached the connection to the stream.
    std::shared_ptr<Wakeup> wakeup;
    std::uint64_t after = 0;  // send the events after this sequence
    // 2025-11-25: an event with an id and no data first, so the client can
    // resume even before the first message.
    bool priming = false;
    // SEP-1699 polling: end the response this long after it started if the
    // stream is not finished; the client resumes with Last-Event-ID.
    std::optional<std::chrono::milliseconds> close_after;
    std::string preamble;          // raw SSE text sent first (legacy `endpoint` event)
    std::function<void()> on_end;  // runs once the connection lets go of the stream
};

struct Reply {
    Response response;
    std::optional<StreamFeed> feed;
};

Reply empty_reply(boost::beast::http::status status);
Reply json_reply(boost::beast::http::status status, std::string body);
// A JSON-RPC error without id, the body MCP suggests for refused HTTP requests.
Reply error_reply(boost::beast::http::status status, int code, std::string_view message);
// The refusals both endpoints give, so they read the same everywhere.
Reply method_not_allowed(std::string_view allow, std::string_view message);
Reply unsupported_media_type();  // Content-Type is not application/json
Reply event_stream_not_accepted();
Reply session_not_found();
Reply too_many_sessions();

// An SSE head; `feed` says what follows.
Reply stream_reply(StreamFeed feed);

}  // namespace plugboard::transport::http
