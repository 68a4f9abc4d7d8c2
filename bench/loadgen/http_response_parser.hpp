#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace plugboard::bench {

struct HttpResponseHead {
    int status = 0;
    bool event_stream = false;  // Content-Type: text/event-stream
    bool keep_alive = true;
    std::string session_id;  // Mcp-Session-Id; empty when absent
};

// An incremental HTTP/1.1 response parser: status line, the headers the load generator acts
// on, and a body delimited by Content-Length, chunked transfer encoding or the close.
class HttpResponseParser {
  public:
    class Sink {
      public:
        virtual void on_head(const HttpResponseHead& head) = 0;
        // Decoded body bytes, in order, as they arrive.
        virtual void on_body(std::string_view bytes) = 0;

      protected:
        ~Sink() = default;
    };

    enum class Outcome { need_more, message_end, malformed };
    struct Progress {
        std::size_t consumed;
        Outcome outcome;
    };

    // Consumes from `bytes`, stopping right after the end of a response so the caller can act
    // on it before the next.
    Progress feed(std::string_view bytes, Sink& sink);
    // A body that runs until the peer closes is complete at end of file.
    bool ends_at_eof() const { return state_ == State::until_close; }
    void reset() { state_ = State::head; }

  private:
    enum class State { head, sized_body, chunk_size, chunk_data, chunk_end, trailers, until_close };

    bool parse_head(std::string_view head);
    // Body bytes of a sized body or chunk; true when it is complete.
    bool take_body(std::string_view bytes, std::size_t& at, Sink& sink);

    State state_ = State::head;
    bool informational_ = false;
    std::uint64_t remaining_ = 0;
    HttpResponseHead head_;
};

}  // namespace plugboard::bench
