#pragma once

#include <sys/epoll.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

namespace plugboard::bench {

// A level-triggered epoll loop for one thread: every readiness costs one read or write and
// no EAGAIN probe.
class EventLoop {
  public:
    class Handler {
      public:
        virtual void on_event(std::uint32_t events) = 0;

      protected:
        ~Handler() = default;
    };

    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    void watch(int fd, std::uint32_t events, Handler& handler);
    void change(int fd, std::uint32_t events, Handler& handler);
    void forget(int fd);
    // Waits up to `timeout` and dispatches what is ready.
    void run_once(std::chrono::milliseconds timeout);

  private:
    void control(int operation, int fd, std::uint32_t events, Handler& handler);

    int epoll_fd_;
    std::array<epoll_event, 512> ready_{};
};

// Milliseconds from now to `deadline`, rounded up, never negative.
template <class TimePoint>
std::chrono::milliseconds time_left(TimePoint deadline) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - TimePoint::clock::now());
    return std::max(left, std::chrono::milliseconds::zero());
}

}  // namespace plugboard::bench
