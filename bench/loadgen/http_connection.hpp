#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "event_loop.hpp"
#include "http_response_parser.hpp"
#include "http_target.hpp"
#include "sse_decoder.hpp"

namespace plugboard::bench {

// One keep-alive HTTP/1.1 client connection on a non-blocking socket, one request at a time.
// It reconnects on the next send after the server closed it.
class HttpConnection final : public EventLoop::Handler, private HttpResponseParser::Sink {
  public:
    // Callbacks must not send or close from on_response_head or on_message; from the others
    // they may.
    class Owner {
      public:
        virtual void on_response_head(const HttpResponseHead& head) = 0;
        // A JSON-RPC message: the whole application/json body, or one event's data. True when
        // it is the answer awaited: an event stream still open after the bytes already
        // received is then dropped rather than waited for.
        virtual bool on_message(std::string_view json) = 0;
        virtual void on_response_end() = 0;
        // The request in flight got no complete response: the connection could not be made,
        // or broke or closed under it. Also a failed connect().
        virtual void on_request_failed(bool could_not_connect) = 0;
        // A connection opened by connect() is up.
        virtual void on_connected() {}

      protected:
        ~Owner() = default;
    };

    // Without parse_bodies, bodies are read and dropped: the raw ceiling mode.
    HttpConnection(EventLoop& loop, const HttpTarget& target, Owner& owner, bool parse_bodies);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // Opens the connection ahead of the first request. False when that fails at once.
    bool connect();
    // Sends a complete request, connecting first when needed. False, without a callback, when
    // no connection could be made.
    bool send(std::string_view request);
    // Drops the connection and any request in flight, without a callback.
    void close();

  private:
    void on_event(std::uint32_t events) override;
    void on_head(const HttpResponseHead& head) override;
    void on_body(std::string_view bytes) override;

    bool open();
    // Writes pending output; false (connection closed) when the socket failed.
    bool flush();
    void want_writable(bool writable);
    void read_input();
    void finish_response();
    void lose_request(bool could_not_connect);

    EventLoop& loop_;
    const HttpTarget& target_;
    Owner& owner_;
    const bool parse_bodies_;

    int fd_ = -1;
    // Bumped by every close, so a read loop notices that callbacks replaced the socket.
    std::uint64_t generation_ = 0;
    bool connecting_ = false;
    bool watching_writable_ = false;
    bool awaiting_response_ = false;

    std::string output_;
    std::size_t output_sent_ = 0;
    std::vector<char> input_;
    std::size_t input_length_ = 0;

    HttpResponseParser parser_;
    bool event_stream_ = false;
    bool keep_alive_ = true;
    bool answered_ = false;
    std::string body_;
    SseDecoder events_;
};

}  // namespace plugboard::bench
