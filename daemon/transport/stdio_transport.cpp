#include "transport/stdio_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <cerrno>
#include <csignal>
#include <string>
#include <system_error>

namespace plugboard::transport {
namespace {

constexpr std::size_t kReadSize = 64 * 1024;
// Past this much unwritten output, reading waits: a client that does not
// read its answers cannot make the daemon buffer without end.
constexpr std::size_t kMaxPendingOutput = 4 * 1024 * 1024;

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

void set_nonblocking(int fd, bool on) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
}

// A non-blocking descriptor for `fd` on an open file description of our own
// where possible (pipes, ttys), so the flag does not reach whoever shares
// the original: the client, or the shell that owns the terminal.
int make_private_nonblocking(int fd, int access) {
    struct stat status {};
    if (::fstat(fd, &status) == 0 && (S_ISFIFO(status.st_mode) || S_ISCHR(status.st_mode))) {
        const std::string path = "/proc/self/fd/" + std::to_string(fd);
        const int reopened = ::open(path.c_str(), access | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (reopened >= 0) {
            ::close(fd);
            return reopened;
        }
    }
    set_nonblocking(fd, true);  // sockets, or a reopen the system refused
    return fd;
}

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) return false;
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

// Copies `source` into a pipe; the read end is returned through `read_end`.
std::thread start_pump(int source, int& read_end) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    read_end = fds[0];
    return std::thread([source, sink = fds[1]] {
        // A closed read end must end the pump with EPIPE, not kill the process.
        sigset_t pipe_signal;
        sigemptyset(&pipe_signal);
        sigaddset(&pipe_signal, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
        std::vector<char> buffer(kReadSize);
        for (;;) {
            const ssize_t got = ::read(source, buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0 || !write_all(sink, buffer.data(), static_cast<std::size_t>(got))) break;
        }
        ::close(sink);
        ::close(source);
    });
}

}  // namespace

StdioTransport::StdioTransport(boost::asio::any_io_executor strand, int input_fd, int output_fd,
                               std::size_t max_frame_bytes)
    : input_(strand), max_frame_bytes_(max_frame_bytes), read_buffer_(kReadSize) {
    const int input = make_private_nonblocking(input_fd, O_RDONLY);
    boost::system::error_code error;
    input_.assign(input, error);
    if (error) {  // a regular file or /dev/null: epoll cannot watch it
        set_nonblocking(input, false);
        int read_end = -1;
        pump_ = start_pump(input, read_end);
        set_nonblocking(read_end, true);
        input_.assign(read_end);
    }
    output_fd_ = make_private_nonblocking(output_fd, O_WRONLY);
    output_.emplace(strand);
    output_->assign(output_fd_, error);
    if (error) {  // writes to it never wait, so plain blocking writes will do
        output_->release();
        output_.reset();
        set_nonblocking(output_fd_, false);
    }
}

StdioTransport::~StdioTransport() {
    boost::system::error_code ignored;
    input_.close(ignored);  // a pump blocked on a full pipe now gets EPIPE
    if (pump_.joinable()) pump_.join();
    if (output_) {
        output_->close(ignored);
    } else {
        ::close(output_fd_);
    }
}

void StdioTransport::start(Handlers handlers) {
    handlers_ = std::move(handlers);
    read_some();
}

void StdioTransport::stop_reading() {
    stopped_reading_ = true;
    boost::system::error_code ignored;
    input_.cancel(ignored);
}

void StdioTransport::read_some() {
    reading_ = true;
    input_.async_read_some(boost::asio::buffer(read_buffer_),
                           [this](boost::system::error_code error, std::size_t size) {
                               reading_ = false;
                               if (stopped_reading_) return;
                               if (error) {
                                   // A last frame without a newline still counts.
                                   if (discarding_ || !partial_.empty()) finish_frame();
                                   stopped_reading_ = true;
                                   if (handlers_.on_end_of_input) handlers_.on_end_of_input();
                                   return;
                               }
                               on_read(size);
                           });
}

void StdioTransport::on_read(std::size_t size) {
    handling_read_ = true;
    split_frames(read_buffer_.data(), size);
    handling_read_ = false;
    flush();
    if (!stopped_reading_ && !output_backed_up()) read_some();
}

void StdioTransport::split_frames(const char* data, std::size_t size) {
    std::string_view chunk(data, size);
    while (!chunk.empty() && !stopped_reading_) {
        const auto newline = chunk.find('\n');
        const auto piece = chunk.substr(0, newline);
        // One byte of slack for the '\r' of a CRLF line ending, which does not count.
        if (!discarding_ && partial_.size() + piece.size() > max_frame_bytes_ + 1) {
            discarding_ = true;  // dropped now, reported once its end arrives
            partial_.clear();
        }
        if (newline == std::string_view::npos) {
            if (!discarding_) partial_.append(piece);
            return;
        }
        chunk.remove_prefix(newline + 1);
        if (discarding_ || !partial_.empty()) {
            if (!discarding_) partial_.append(piece);
            finish_frame();
            continue;
        }
        // The whole frame is in this read: handled where it lies, uncopied.
        std::string_view frame = piece;
        if (!frame.empty() && frame.back() == '\r') frame.remove_suffix(1);
        if (frame.size() > max_frame_bytes_) {
            if (handlers_.on_frame_too_large) handlers_.on_frame_too_large(max_frame_bytes_);
        } else if (!is_blank(frame)) {
            handlers_.on_frame(frame);
        }
    }
}

void StdioTransport::finish_frame() {
    if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
    if (discarding_ || partial_.size() > max_frame_bytes_) {
        discarding_ = false;
        if (handlers_.on_frame_too_large) handlers_.on_frame_too_large(max_frame_bytes_);
    } else if (!is_blank(partial_)) {
        handlers_.on_frame(partial_);
    }
    partial_.clear();
}

void StdioTransport::send(std::string_view frame) {
    if (output_broken_ || finished_) return;
    pending_.append(frame);
    pending_.push_back('\n');
    if (waiting_writable_) return;
    if (handling_read_ && ++held_answers_ < kAnswersPerWrite) return;
    flush();
}

bool StdioTransport::output_backed_up() const {
    return pending_.size() - pending_offset_ > kMaxPendingOutput;
}

void StdioTransport::flush() {
    held_answers_ = 0;
    while (pending_offset_ < pending_.size()) {
        const ssize_t written = ::write(output_fd_, pending_.data() + pending_offset_,
                                        pending_.size() - pending_offset_);
        if (written >= 0) {
            pending_offset_ += static_cast<std::size_t>(written);
        } else if (errno == EAGAIN && output_) {
            return wait_writable();
        } else if (errno != EINTR) {
            return output_closed();
        }
    }
    pending_.clear();
    pending_offset_ = 0;
    if (pending_.capacity() > kReadSize) pending_.shrink_to_fit();
}

void StdioTransport::wait_writable() {
    waiting_writable_ = true;
    output_->async_wait(boost::asio::posix::stream_descriptor::wait_write,
                        [this](boost::system::error_code error) {
                            waiting_writable_ = false;
                            if (error || output_broken_) return;
                            flush();
                            // Reading paused while the output was backed up.
                            if (!reading_ && !stopped_reading_ && !output_backed_up()) read_some();
                        });
}

void StdioTransport::output_closed() {
    output_broken_ = true;
    pending_.clear();
    pending_offset_ = 0;
    if (handlers_.on_output_closed) handlers_.on_output_closed();
}

void StdioTransport::finish_writing(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!output_broken_ && pending_offset_ < pending_.size()) {
        const ssize_t written = ::write(output_fd_, pending_.data() + pending_offset_,
                                        pending_.size() - pending_offset_);
        if (written >= 0) {
            pending_offset_ += static_cast<std::size_t>(written);
            continue;
        }
        if (errno == EINTR) continue;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (errno != EAGAIN || left.count() <= 0) break;
        pollfd writable{output_fd_, POLLOUT, 0};
        ::poll(&writable, 1, static_cast<int>(left.count()));
    }
    finished_ = true;
}

}  // namespace plugboard::transport
