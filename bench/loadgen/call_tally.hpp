#pragma once

#include <cstdint>
#include <cstdio>
#include <utility>

#include "latency_recorder.hpp"
#include "measure_window.hpp"

namespace plugboard::bench {

// What became of the calls of a run. Only what ends inside the measure window counts, so calls
// and errors cover the same time; errors outside it are kept apart to be mentioned.
struct CallTally {
    std::uint64_t calls = 0;
    std::uint64_t errors = 0;
    std::uint64_t errors_outside = 0;
    LatencyRecorder latencies;

    void succeeded(const MeasureWindow& window, Clock::time_point sent_at,
                   Clock::time_point answered_at) {
        if (!window.contains(answered_at)) return;
        ++calls;
        latencies.add(answered_at - sent_at);
    }

    void failed(const MeasureWindow& window, Clock::time_point at, std::uint64_t count = 1) {
        (window.contains(at) ? errors : errors_outside) += count;
    }

    void absorb(CallTally&& other) {
        calls += other.calls;
        errors += other.errors;
        errors_outside += other.errors_outside;
        latencies.absorb(std::move(other.latencies));
    }
};

// Errors outside the measure window do not count but should not go unseen.
inline void print_errors_outside(const CallTally& tally) {
    if (tally.errors_outside == 0) return;
    std::fprintf(stderr, "plus %llu errors outside the measured time (warmup, wind-down)\n",
                 static_cast<unsigned long long>(tally.errors_outside));
}

}  // namespace plugboard::bench
