// Newline-delimited JSON-RPC over a pair of file descriptors (the MCP stdio
// transport). Reads, frame handling and writes all run on one strand, so a
// request answered at once costs no thread switch: the read handler parses
// it, the session answers it, and the answers to what one read brought in
// leave a few at a time (kAnswersPerWrite).
//
// The descriptors are made non-blocking on open file descriptions of our
// own (pipes and ttys are reopened through /proc/self/fd), so the client's
// ends keep their flags. Regular files, which epoll cannot watch, are fed
// through a pipe by a small pump thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace plugboard::transport {

class StdioTransport {
  public:
    // While one read's frames are handled, answers are written in groups of
    // this many: a client with several requests in flight then works on the
    // first answers while the rest are computed, instead of waiting for all
    // of them. Smaller groups cost more write() calls (bench/RESULTS.md).
    static constexpr unsigned kAnswersPerWrite = 4;

    struct Handlers {
        std::function<void(std::string_view frame)> on_frame;
        std::function<void(std::size_t limit)> on_frame_too_large;  // the frame was dropped
        std::function<void()> on_end_of_input;
        std::function<void()> on_output_closed;  // the client stopped reading
    };

    // Takes ownership of both descriptors. `strand` runs every handler.
    StdioTransport(boost::asio::any_io_executor strand, int input_fd, int output_fd,
                   std::size_t max_frame_bytes);
    ~StdioTransport();
    StdioTransport(const StdioTransport&) = delete;
    StdioTransport& operator=(const StdioTransport&) = delete;

    // Starts reading. Call on the strand, or before the strand runs.
    void start(Handlers handlers);
    // Queues one frame (a newline is added) and writes it, or, while a read
    // is handled, once kAnswersPerWrite are queued or the read's frames are
    // all handled. Strand only.
    void send(std::string_view frame);
    // Stops reading; frames not yet read are left unread. Strand only.
    void stop_reading();
    // Once the strand no longer runs: writes what is still queued, waiting
    // up to `limit` for a slow reader, and refuses further frames.
    void finish_writing(std::chrono::milliseconds limit = std::chrono::seconds(5));

  private:
    void read_some();
    void on_read(std::size_t size);
    void split_frames(const char* data, std::size_t size);
    void finish_frame();
    void flush();
    void wait_writable();
    void output_closed();
    bool output_backed_up() const;

    boost::asio::posix::stream_descriptor input_;
    int output_fd_ = -1;
    // Absent for outputs epoll cannot watch (regular files never block).
    std::optional<boost::asio::posix::stream_descriptor> output_;
    std::thread pump_;  // copies a regular-file input into a pipe
    const std::size_t max_frame_bytes_;
    Handlers handlers_;

    std::vector<char> read_buffer_;
    std::string partial_;  // the start of a frame whose newline has not come yet
    bool discarding_ = false;
    bool reading_ = false;  // a read is queued or being handled
    bool stopped_reading_ = false;
    bool handling_read_ = false;
    unsigned held_answers_ = 0;  // queued while handling a read, not yet written

    std::string pending_;  // written from pending_offset_ on
    std::size_t pending_offset_ = 0;
    bool waiting_writable_ = false;
    bool output_broken_ = false;
    bool finished_ = false;
};

}  // namespace plugboard::transport
