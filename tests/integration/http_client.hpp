// A small synchronous HTTP/1.1 client for the daemon's HTTP transport, on
// Boost.Beast over loopback TCP. Every operation has a deadline: a daemon
// that does not answer fails a test instead of hanging it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon_process.hpp"

namespace plugboard::integration {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

inline constexpr std::string_view kLatestRevision = "2025-11-25";
inline constexpr std::string_view kAcceptBoth = "application/json, text/event-stream";

// One block of a text/event-stream, as a client parses it.
struct SseEvent {
    std::optional<std::string> id;
    std::string event;                // the `event:` field; "" when absent
    std::optional<std::string> data;  // `data:` lines joined by '\n'
    std::optional<std::string> retry;
    std::vector<std::string> comments;  // `: text` lines, without ": "

    bool is_comment_only() const { return !id && event.empty() && !data && !retry; }
    // Carries a JSON-RPC message rather than being a priming event or a comment.
    bool has_payload() const { return data && !data->empty(); }
    // The data as a JSON object; throws, quoting it, if it is not one.
    bj::object message() const;
};

// Turns event-stream text into events as it arrives, split anywhere.
class SseParser {
  public:
    void feed(std::string_view text) { pending_ += text; }
    // The next complete event; a comment outside an event comes on its own.
    std::optional<SseEvent> next();

  private:
    std::string pending_;
    SseEvent current_;
    bool in_event_ = false;
};

// Every event of a whole event-stream body.
std::vector<SseEvent> parse_sse(std::string_view body);

// The media type of a Content-Type value, lowercase and without parameters.
std::string media_type(std::string_view content_type);

// What came back on a connection fed raw bytes.
struct RawReply {
    std::string bytes;
    bool closed = false;  // the daemon closed (or reset) the connection
};

class HttpConnection {
  public:
    // Connects to 127.0.0.1:`port`; throws on failure.
    explicit HttpConnection(std::uint16_t port, Milliseconds timeout = kReplyTimeout);
    // Destroying a connection drops it, as a client that goes away does.
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // Writes `request` and reads the whole answer; throws when it does not
    // arrive in full within `timeout`.
    HttpResponse exchange(const HttpRequest& request, Milliseconds timeout = kReplyTimeout);
    // Reads one whole answer to a request written before (also raw).
    HttpResponse read_response(Milliseconds timeout = kReplyTimeout);

    // Writes `request` and reads the answer's status and headers; its body
    // then comes event by event through next_event(). Throws like exchange().
    const HttpResponse& open_stream(const HttpRequest& request,
                                    Milliseconds timeout = kReplyTimeout);
    // The next event of the stream open_stream() started; nullopt on timeout
    // or once the stream ended (stream_ended() tells which).
    std::optional<SseEvent> next_event(Milliseconds timeout = kReplyTimeout);
    // The next event with a JSON-RPC message, skipping priming events and comments.
    std::optional<bj::object> next_message(Milliseconds timeout = kReplyTimeout);
    bool stream_ended() const { return stream_ended_; }

    // Writes bytes as they are; false if the connection is gone.
    bool write_raw(std::string_view bytes, Milliseconds timeout = kReplyTimeout);
    // Bytes received and not read yet.
    std::size_t bytes_waiting() const;
    // Reads until the daemon closes the connection or `timeout` passes.
    RawReply read_until_closed(Milliseconds timeout);

  private:
    template <class Start>
    boost::system::error_code run(Start start, Milliseconds timeout);
    void write(const HttpRequest& request, Milliseconds timeout);
    [[noreturn]] void fail(std::string_view what, const boost::system::error_code& error) const;

    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_{io_};
    boost::beast::flat_buffer buffer_;
    bool head_request_ = false;
    std::optional<http::response_parser<http::string_body>> stream_parser_;
    SseParser sse_;
    bool stream_ended_ = false;
};

// Requests to /mcp as a well-behaved client builds them: Host
// 127.0.0.1:<port>, for POST Content-Type and Accept, and with a session id
// also MCP-Protocol-Version 2025-11-25. Tests edit them to misbehave.
HttpRequest mcp_post(std::uint16_t port, std::string body, std::string_view session_id = {});
HttpRequest mcp_get(std::uint16_t port, std::string_view session_id);
HttpRequest mcp_delete(std::uint16_t port, std::string_view session_id);
// Any method and target, with just the Host header.
HttpRequest plain_request(std::uint16_t port, http::verb method, std::string_view target,
                          std::string body = {});

// initialize params at `revision`.
bj::object initialize_params(std::string_view revision = kLatestRevision,
                             bj::object capabilities = {});
bj::object rpc_request(bj::value id, std::string_view method, bj::object params = {});
bj::object rpc_notification(std::string_view method, bj::object params = {});

// The JSON-RPC response in the answer to a POSTed request: the
// application/json body, or the response event of a text/event-stream body.
// Throws, quoting the answer, when there is none.
bj::object rpc_response(const HttpResponse& answer);
// The body parsed as a JSON object; throws, quoting it, if it is not one.
bj::object json_body(const HttpResponse& answer);
// Every JSON-RPC message of a text/event-stream body, in order.
std::vector<bj::object> sse_messages(std::string_view body);

// A session of the Streamable HTTP transport, initialized by the constructor
// (initialize, then notifications/initialized). Each call uses a new connection.
class McpSession {
  public:
    McpSession(std::uint16_t port, bj::object capabilities = {},
               std::string_view revision = kLatestRevision);

    const std::string& id() const { return id_; }
    const bj::object& initialize_result() const { return initialize_result_; }

    HttpRequest post_request(const bj::value& message) const;
    HttpRequest get_request() const { return mcp_get(port_, id_); }
    HttpRequest delete_request() const { return mcp_delete(port_, id_); }

    // POSTs `message` and returns the whole answer.
    HttpResponse post(const bj::value& message, Milliseconds timeout = kReplyTimeout) const;
    // POSTs a request with a new id and returns its JSON-RPC response.
    bj::object request(std::string_view method, bj::object params = {},
                       Milliseconds timeout = kReplyTimeout);
    // A request object with a new id, for tests that send it themselves.
    bj::object next_request(std::string_view method, bj::object params = {});

  private:
    std::uint16_t port_;
    std::string id_;
    bj::object initialize_result_;
    std::int64_t next_id_ = 1;
};

}  // namespace plugboard::integration
