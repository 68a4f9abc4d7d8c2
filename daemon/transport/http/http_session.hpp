// One MCP session over HTTP: the protocol Session plus the event streams its
// messages travel on. Streamable HTTP gives each POSTed request a stream of
// its own (its answer, and the progress, logs and questions to the client it
// causes) and sends the rest on the standalone GET stream; a legacy HTTP+SSE
// session sends everything on its one GET stream.
//
// Threads: members are safe from any thread unless marked [strand].
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "session/session.hpp"
#include "transport/http/event_stream.hpp"

namespace plugboard::transport::http {

// Stateless: one POST of http.stateless mode, never found by id.
enum class SessionStyle { Streamable, LegacySse, Stateless };

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    using Clock = std::chrono::steady_clock;
    using ProtocolFactory = std::function<std::shared_ptr<session::Session>(
        boost::asio::any_io_executor strand, session::Session::SendFn send, SessionStyle style)>;

    // Use create(): the protocol session needs a weak pointer back.
    static std::shared_ptr<HttpSession> create(std::string id, SessionStyle style,
                                               boost::asio::any_io_executor strand,
                                               std::size_t replay_limit,
                                               const ProtocolFactory& make_protocol);

    const std::string& id() const { return id_; }
    SessionStyle style() const { return style_; }
    const boost::asio::any_io_executor& strand() const { return strand_; }
    session::Session& protocol() { return *protocol_; }

    // A new exchange for one POSTed body, with the stream its messages go on.
    std::shared_ptr<EventStream> open_exchange();

    struct Delivery {
        std::size_t answers = 0;               // responses the body will get
        std::optional<std::string> rejection;  // the body was not JSON-RPC: this error
    };
    // [strand] Hands the body to the protocol session.
    Delivery deliver(std::string_view body, std::uint64_t exchange);

    // The standalone stream, made on first use.
    std::shared_ptr<EventStream> standalone();
    // A stream still kept for resumption.
    std::shared_ptr<EventStream> find_stream(std::uint64_t number);
    // Drops a stream nobody can resume any more.
    void forget_stream(std::uint64_t number);

    void touch();
    // True when nothing is in flight and no stream is attached, since `since`.
    bool idle_since(Clock::time_point since) const;
    // Nothing in flight (streams may still be attached).
    bool quiet() const;

    // Ends the session: cancels its calls, ends its streams.
    void close(std::string reason);
    // [strand] The same, done here instead of in a post to the strand.
    void close_here(std::string_view reason);
    bool closed() const;

  private:
    struct Exchange {
        std::shared_ptr<EventStream> stream;
        std::optional<std::size_t> expected;
        std::size_t ended = 0;
        std::optional<std::string> rejection;
    };

    HttpSession(std::string id, SessionStyle style, boost::asio::any_io_executor strand,
                std::size_t replay_limit);
    void route(session::Outgoing outgoing);  // [strand]
    bool mark_closed();                      // false when it already was
    std::shared_ptr<EventStream> standalone_locked();
    void settle_locked(std::map<std::uint64_t, Exchange>::iterator it);
    void trim_streams_locked();

    const std::string id_;
    const SessionStyle style_;
    const boost::asio::any_io_executor strand_;
    const std::size_t replay_limit_;
    std::shared_ptr<session::Session> protocol_;

    mutable std::mutex mutex_;
    std::map<std::uint64_t, Exchange> exchanges_;                    // requests not yet answered
    std::map<std::uint64_t, std::shared_ptr<EventStream>> streams_;  // resumable, by number
    std::shared_ptr<EventStream> standalone_;
    std::uint64_t next_stream_ = 1;
    Clock::time_point last_activity_ = Clock::now();
    bool closed_ = false;
};

}  // namespace plugboard::transport::http
