#pragma once

#include <algorithm>
#include <chrono>

#include "latency_recorder.hpp"

namespace plugboard::bench {

// The measured part of a run: after the warmup, until the end.
struct MeasureWindow {
    Clock::time_point from;
    Clock::time_point until;

    static MeasureWindow starting_now(double warmup_s, double duration_s) {
        using Seconds = std::chrono::duration<double>;
        const auto from =
            Clock::now() + std::chrono::duration_cast<Clock::duration>(Seconds(warmup_s));
        return {from, from + std::chrono::duration_cast<Clock::duration>(Seconds(duration_s))};
    }

    bool contains(Clock::time_point at) const { return at >= from && at < until; }

    // How much of the window had passed at `ended` (a run may end early).
    double seconds_until(Clock::time_point ended) const {
        const auto end = std::min(ended, until);
        return end > from ? std::chrono::duration<double>(end - from).count() : 0.0;
    }
};

}  // namespace plugboard::bench
