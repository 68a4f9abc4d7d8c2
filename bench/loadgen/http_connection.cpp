#include "http_connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace plugboard::bench {
namespace {

constexpr std::size_t kInitialInput = 16 * 1024;
constexpr std::size_t kMinReadRoom = 4 * 1024;

}  // namespace

HttpConnection::HttpConnection(EventLoop& loop, const HttpTarget& target, Owner& owner,
                               bool parse_bodies)
    : loop_(loop),
      target_(target),
      owner_(owner),
      parse_bodies_(parse_bodies),
      input_(kInitialInput) {}

HttpConnection::~HttpConnection() {
    close();
}

bool HttpConnection::connect() {
    if (fd_ >= 0) return true;
    if (!open()) return false;
    if (!connecting_) owner_.on_connected();
    return true;
}

bool HttpConnection::send(std::string_view request) {
    output_.assign(request);
    answered_ = false;
    // A kept-alive connection the server has closed fails the first write before a byte of
    // the request went out, so it is safe to try once more on a new one.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (fd_ < 0 && !open()) return false;
        output_sent_ = 0;
        awaiting_response_ = true;
        if (connecting_ || flush()) return true;
    }
    awaiting_response_ = false;
    return false;
}

void HttpConnection::close() {
    if (fd_ < 0) return;
    loop_.forget(fd_);
    ::close(fd_);
    fd_ = -1;
    ++generation_;
    connecting_ = false;
    watching_writable_ = false;
    awaiting_response_ = false;
    input_length_ = 0;
    parser_.reset();
}

bool HttpConnection::open() {
    const int fd =
        ::socket(target_.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    const auto* address = reinterpret_cast<const sockaddr*>(&target_.address);
    if (::connect(fd, address, target_.address_length) == 0) {
        connecting_ = false;
    } else if (errno == EINPROGRESS) {
        connecting_ = true;
    } else {
        ::close(fd);
        return false;
    }
    fd_ = fd;
    watching_writable_ = connecting_;
    loop_.watch(fd_, EPOLLIN | (connecting_ ? EPOLLOUT : 0u), *this);
    return true;
}

bool HttpConnection::flush() {
    while (output_sent_ < output_.size()) {
        const ssize_t count =
            ::send(fd_, output_.data() + output_sent_, output_.size() - output_sent_, MSG_NOSIGNAL);
        if (count > 0) {
            output_sent_ += static_cast<std::size_t>(count);
        } else if (errno == EAGAIN) {
            want_writable(true);
            return true;
        } else if (errno != EINTR) {
            close();
            return false;
        }
    }
    want_writable(false);
    return true;
}

void HttpConnection::want_writable(bool writable) {
    if (writable == watching_writable_) return;
    watching_writable_ = writable;
    loop_.change(fd_, EPOLLIN | (writable ? EPOLLOUT : 0u), *this);
}

void HttpConnection::on_event(std::uint32_t events) {
    if (fd_ < 0) return;
    if (connecting_) {
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) return;
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            close();
            lose_request(true);
            return;
        }
        connecting_ = false;
        if (!awaiting_response_) owner_.on_connected();
    }
    if (output_sent_ < output_.size() && !flush()) {
        lose_request(false);
        return;
    }
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) read_input();
}

void HttpConnection::read_input() {
    if (input_.size() - input_length_ < kMinReadRoom) input_.resize(input_.size() * 2);
    const ssize_t count =
        ::recv(fd_, input_.data() + input_length_, input_.size() - input_length_, 0);
    if (count < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (count <= 0) {
        if (count == 0 && awaiting_response_ && parser_.ends_at_eof()) {
            finish_response();
            return;
        }
        const bool was_awaiting = awaiting_response_;
        close();
        if (was_awaiting) lose_request(false);
        return;
    }
    input_length_ += static_cast<std::size_t>(count);
    const std::uint64_t generation = generation_;
    std::size_t used = 0;
    while (used < input_length_) {
        if (!awaiting_response_) {
            // Bytes nobody asked for: the framing is lost.
            close();
            return;
        }
        const auto progress =
            parser_.feed(std::string_view(input_.data() + used, input_length_ - used), *this);
        used += progress.consumed;
        if (progress.outcome == HttpResponseParser::Outcome::need_more) break;
        if (progress.outcome == HttpResponseParser::Outcome::malformed) {
            close();
            lose_request(false);
            return;
        }
        finish_response();
        // The owner's next request may have replaced the socket; the rest was the old one's.
        if (generation != generation_) return;
    }
    if (awaiting_response_ && answered_) {
        // The answer ended the call; the stream's end is not worth waiting for.
        close();
        owner_.on_response_end();
        return;
    }
    std::memmove(input_.data(), input_.data() + used, input_length_ - used);
    input_length_ -= used;
}

void HttpConnection::finish_response() {
    if (parse_bodies_ && !event_stream_ && !body_.empty()) owner_.on_message(body_);
    awaiting_response_ = false;
    if (!keep_alive_) close();
    owner_.on_response_end();
}

void HttpConnection::lose_request(bool could_not_connect) {
    awaiting_response_ = false;
    owner_.on_request_failed(could_not_connect);
}

void HttpConnection::on_head(const HttpResponseHead& head) {
    event_stream_ = head.event_stream;
    keep_alive_ = head.keep_alive;
    body_.clear();
    events_.reset();
    owner_.on_response_head(head);
}

void HttpConnection::on_body(std::string_view bytes) {
    if (!parse_bodies_) return;
    if (event_stream_) {
        events_.feed(bytes, [this](std::string_view data) {
            answered_ = owner_.on_message(data) || answered_;
        });
    } else {
        body_.append(bytes);
    }
}

}  // namespace plugboard::bench
