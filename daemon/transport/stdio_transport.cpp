#include "transport/stdio_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

namespace plugboard::transport {
namespace {

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

StdioTransport::StdioTransport(int input_fd, int output_fd, std::size_t max_frame_bytes)
    : input_fd_(input_fd), output_fd_(output_fd), max_frame_bytes_(max_frame_bytes) {
    if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
        throw std::system_error(errno, std::generic_category(), "pipe2");
    }
}

StdioTransport::~StdioTransport() {
    stop_reading();
    finish_writing();
    if (reader_.joinable()) reader_.join();
    ::close(wake_pipe_[0]);
    ::close(wake_pipe_[1]);
    ::close(input_fd_);
    ::close(output_fd_);
}

void StdioTransport::start(Handlers handlers) {
    handlers_ = std::move(handlers);
    writer_ = std::thread([this] { write_loop(); });
    reader_ = std::thread([this] { read_loop(); });
}

void StdioTransport::stop_reading() {
    const char byte = 0;
    [[maybe_unused]] auto ignored = ::write(wake_pipe_[1], &byte, 1);
}

void StdioTransport::read_loop() {
    std::vector<char> buffer(64 * 1024);
    for (;;) {
        pollfd fds[2] = {{input_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents != 0) return;  // stop_reading(): no end-of-input event
        const ssize_t n = ::read(input_fd_, buffer.data(), buffer.size());
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break;
        split_frames(buffer.data(), static_cast<std::size_t>(n));
    }
    // A last frame without a newline still counts.
    if (discarding_ || !partial_.empty()) finish_frame();
    if (handlers_.on_end_of_input) handlers_.on_end_of_input();
}

void StdioTransport::split_frames(const char* data, std::size_t size) {
    std::string_view chunk(data, size);
    while (!chunk.empty()) {
        const auto newline = chunk.find('\n');
        const auto piece = chunk.substr(0, newline);
        // One byte of slack for the '\r' of a CRLF line ending, which does not count.
        if (!discarding_ && partial_.size() + piece.size() > max_frame_bytes_ + 1) {
            discarding_ = true;  // dropped now, reported once its end arrives
            partial_.clear();
        }
        if (!discarding_) partial_.append(piece);
        if (newline == std::string_view::npos) return;
        chunk.remove_prefix(newline + 1);
        finish_frame();
    }
}

void StdioTransport::finish_frame() {
    if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
    if (discarding_ || partial_.size() > max_frame_bytes_) {
        discarding_ = false;
        if (handlers_.on_frame_too_large) handlers_.on_frame_too_large(max_frame_bytes_);
    } else if (!is_blank(partial_)) {
        handlers_.on_frame(std::move(partial_));
    }
    partial_.clear();
}

void StdioTransport::send(std::string frame) {
    frame.push_back('\n');
    {
        std::lock_guard lock(mutex_);
        if (output_broken_ || writer_stopping_) return;
        queue_.push_back(std::move(frame));
    }
    wake_writer_.notify_one();
}

void StdioTransport::write_loop() {
    std::vector<std::string> batch;
    std::vector<iovec> pieces;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_writer_.wait(lock, [&] { return !queue_.empty() || writer_stopping_; });
            if (queue_.empty()) return;
            // Everything queued goes out in as few syscalls as possible.
            while (!queue_.empty() && batch.size() < IOV_MAX) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        pieces.clear();
        for (auto& frame : batch)
            pieces.push_back({frame.data(), frame.size()});
        std::size_t first = 0;
        while (first < pieces.size()) {
            const ssize_t written =
                ::writev(output_fd_, &pieces[first], static_cast<int>(pieces.size() - first));
            if (written < 0) {
                if (errno == EINTR) continue;
                {
                    std::lock_guard lock(mutex_);
                    output_broken_ = true;
                    queue_.clear();
                }
                if (handlers_.on_output_closed) handlers_.on_output_closed();
                return;
            }
            auto remaining = static_cast<std::size_t>(written);
            while (first < pieces.size() && remaining >= pieces[first].iov_len) {
                remaining -= pieces[first].iov_len;
                ++first;
            }
            if (remaining > 0) {
                pieces[first].iov_base = static_cast<char*>(pieces[first].iov_base) + remaining;
                pieces[first].iov_len -= remaining;
            }
        }
        batch.clear();
    }
}

void StdioTransport::finish_writing() {
    {
        std::lock_guard lock(mutex_);
        writer_stopping_ = true;
    }
    wake_writer_.notify_one();
    if (writer_.joinable()) writer_.join();
}

}  // namespace plugboard::transport
