// One SSE stream of an HTTP session: the messages about one POSTed request,
// or the standalone stream a GET opens. It outlives connections: a client
// that loses one resumes with Last-Event-ID and gets what it missed from a
// bounded replay buffer.
//
// Threads: every member is safe to call from any thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plugboard::transport::http {

// Wakes a connection that waits for events.
using Wakeup = boost::asio::experimental::concurrent_channel<void(boost::system::error_code)>;

struct Event {
    std::uint64_t sequence = 0;  // 1, 2, ... within the stream; 0 is the priming event
    std::string data;            // one JSON-RPC message
};

class EventStream {
  public:
    EventStream(std::uint64_t number, std::size_t replay_limit)
        : number_(number), replay_limit_(std::max<std::size_t>(replay_limit, 1)) {}

    std::uint64_t number() const { return number_; }

    void push(std::string data);
    // No more events will come.
    void finish();

    struct Pending {
        std::vector<Event> events;  // after the asked sequence, in order
        bool finished = false;      // and nothing follows them
        bool gap = false;           // some events after the asked sequence were evicted
    };
    Pending after(std::uint64_t sequence) const;

    // A connection takes the stream over (a newer one replaces an older);
    // pushes wake it through the returned channel.
    std::shared_ptr<Wakeup> attach(boost::asio::any_io_executor executor);
    // Attaches only if no connection is attached; nullptr otherwise.
    std::shared_ptr<Wakeup> try_attach(boost::asio::any_io_executor executor);
    bool is_attached(const std::shared_ptr<Wakeup>& wakeup) const;
    // The connection is gone, having written the events up to `written`.
    void detach(const std::shared_ptr<Wakeup>& wakeup, std::uint64_t written);
    // The last sequence some connection wrote: where a fresh reader starts.
    std::uint64_t written() const;

    bool attached() const;
    bool finished() const;
    // Finished and fully written to some connection: nothing left to resume.
    bool done() const;

  private:
    void wake() const;

    const std::uint64_t number_;
    const std::size_t replay_limit_;
    mutable std::mutex mutex_;
    std::deque<Event> replay_;
    std::uint64_t last_sequence_ = 0;
    bool finished_ = false;
    std::uint64_t written_ = 0;
    std::shared_ptr<Wakeup> consumer_;
};

// "<stream>-<sequence>": unique within a session and names its stream.
std::string event_id(std::uint64_t stream, std::uint64_t sequence);
struct EventPosition {
    std::uint64_t stream = 0;
    std::uint64_t sequence = 0;
};
std::optional<EventPosition> parse_event_id(std::string_view id);

// SSE wire format.
std::string format_message_event(std::string_view id, std::string_view data);
std::string format_priming_event(std::string_view id, std::uint64_t retry_ms);
std::string format_named_event(std::string_view name, std::string_view data);
inline constexpr std::string_view kKeepaliveComment = ": keepalive\n\n";

}  // namespace plugboard::transport::http
