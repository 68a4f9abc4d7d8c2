#include "scheduler.hpp"

#include <utility>

namespace plugboard::conformance {

Scheduler::Scheduler() : thread_([this] { run(); }) {}

Scheduler::~Scheduler() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Scheduler::after(std::chrono::milliseconds delay, Task task) {
    add(Clock::now() + delay, Entry{std::move(task), std::chrono::milliseconds::zero()});
}

void Scheduler::every(std::chrono::milliseconds period, Task task) {
    add(Clock::now() + period, Entry{std::move(task), period});
}

void Scheduler::add(Clock::time_point due, Entry entry) {
    {
        std::lock_guard lock(mutex_);
        entries_.emplace(due, std::move(entry));
    }
    wake_.notify_all();
}

void Scheduler::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (entries_.empty()) {
            if (stopping_) return;
            wake_.wait(lock);
            continue;
        }
        auto next = entries_.begin();
        const bool periodic = next->second.period.count() > 0;
        if (stopping_ && periodic) {
            entries_.erase(next);
            continue;
        }
        if (!stopping_ && next->first > Clock::now()) {
            wake_.wait_until(lock, next->first);
            continue;
        }
        Entry entry = std::move(next->second);
        entries_.erase(next);
        lock.unlock();
        entry.task();
        lock.lock();
        if (periodic && !stopping_) entries_.emplace(Clock::now() + entry.period, std::move(entry));
    }
}

}  // namespace plugboard::conformance
