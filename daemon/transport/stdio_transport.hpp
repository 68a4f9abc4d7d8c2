// Newline-delimited JSON-RPC over a pair of file descriptors (the MCP stdio
// transport). One thread reads and splits frames, one thread writes; both
// use plain blocking I/O so pipes, ttys and regular files all work, and the
// daemon's I/O threads never wait on a slow client.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace plugboard::transport {

class StdioTransport {
  public:
    struct Handlers {
        std::function<void(std::string frame)> on_frame;
        std::function<void(std::size_t limit)> on_frame_too_large;  // the frame was dropped
        std::function<void()> on_end_of_input;
        std::function<void()> on_output_closed;  // the client stopped reading
    };

    // Takes ownership of both descriptors.
    StdioTransport(int input_fd, int output_fd, std::size_t max_frame_bytes);
    ~StdioTransport();
    StdioTransport(const StdioTransport&) = delete;
    StdioTransport& operator=(const StdioTransport&) = delete;

    // Handlers run on the reader thread (frames, end of input) or the writer
    // thread (output closed).
    void start(Handlers handlers);
    // [any-thread] Queues one frame; a newline is added.
    void send(std::string frame);
    // [any-thread] Stops reading; frames not yet read are left unread.
    void stop_reading();
    // Waits until every queued frame is written, then stops the writer.
    void finish_writing();

  private:
    void read_loop();
    void write_loop();
    void split_frames(const char* data, std::size_t size);
    void finish_frame();

    const int input_fd_;
    const int output_fd_;
    const std::size_t max_frame_bytes_;
    int wake_pipe_[2] = {-1, -1};
    Handlers handlers_;

    std::string partial_;  // reader thread only
    bool discarding_ = false;

    std::mutex mutex_;
    std::condition_variable wake_writer_;
    std::deque<std::string> queue_;
    bool writer_stopping_ = false;
    bool output_broken_ = false;

    std::thread reader_;
    std::thread writer_;
};

}  // namespace plugboard::transport
