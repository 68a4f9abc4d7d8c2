#include "inflight_window.hpp"

namespace plugboard::bench {

InflightWindow::InflightWindow(std::uint64_t first_id)
    : slots_(1024), oldest_(first_id), next_(first_id) {}

std::uint64_t InflightWindow::add(Clock::time_point sent_at) {
    if (next_ - oldest_ == slots_.size()) grow();
    slot(next_) = Slot{sent_at, true};
    ++in_flight_;
    return next_++;
}

std::optional<Clock::time_point> InflightWindow::take(std::uint64_t id) {
    if (id < oldest_ || id >= next_) return std::nullopt;
    Slot& answered = slot(id);
    if (!answered.waiting) return std::nullopt;
    answered.waiting = false;
    --in_flight_;
    while (oldest_ < next_ && !slot(oldest_).waiting)
        ++oldest_;
    return answered.sent_at;
}

void InflightWindow::grow() {
    std::vector<Slot> larger(slots_.size() * 2);
    for (std::uint64_t id = oldest_; id < next_; ++id) {
        larger[id & (larger.size() - 1)] = slot(id);
    }
    slots_.swap(larger);
}

}  // namespace plugboard::bench
