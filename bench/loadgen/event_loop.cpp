#include "event_loop.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace plugboard::bench {

EventLoop::EventLoop() : epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_fd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
}

EventLoop::~EventLoop() {
    ::close(epoll_fd_);
}

void EventLoop::watch(int fd, std::uint32_t events, Handler& handler) {
    control(EPOLL_CTL_ADD, fd, events, handler);
}

void EventLoop::change(int fd, std::uint32_t events, Handler& handler) {
    control(EPOLL_CTL_MOD, fd, events, handler);
}

void EventLoop::forget(int fd) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

void EventLoop::run_once(std::chrono::milliseconds timeout) {
    const int count = ::epoll_wait(epoll_fd_, ready_.data(), static_cast<int>(ready_.size()),
                                   static_cast<int>(timeout.count()));
    if (count < 0) {
        if (errno == EINTR) return;
        throw std::system_error(errno, std::generic_category(), "epoll_wait");
    }
    for (int i = 0; i < count; ++i) {
        static_cast<Handler*>(ready_[i].data.ptr)->on_event(ready_[i].events);
    }
}

void EventLoop::control(int operation, int fd, std::uint32_t events, Handler& handler) {
    epoll_event event{};
    event.events = events;
    event.data.ptr = &handler;
    if (::epoll_ctl(epoll_fd_, operation, fd, &event) != 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl");
    }
}

}  // namespace plugboard::bench
