#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace plugboard::bench {

using Clock = std::chrono::steady_clock;

struct LatencySummary {
    double p50_us = 0;
    double p90_us = 0;
    double p99_us = 0;
    double max_us = 0;
};

// Every call's latency, kept whole so the percentiles are exact.
class LatencyRecorder {
  public:
    // Reserved up front so recording never reallocates in the measured loop.
    void reserve(std::size_t calls) { samples_.reserve(calls); }
    void add(Clock::duration latency) {
        samples_.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(latency).count());
    }
    void absorb(LatencyRecorder&& other);
    std::size_t size() const { return samples_.size(); }
    // Nearest-rank percentiles; nullopt without samples.
    std::optional<LatencySummary> summarize();

  private:
    std::vector<std::int64_t> samples_;
};

// Room for the calls of `seconds` at the fastest rate we have seen.
std::size_t expected_calls(double seconds);

}  // namespace plugboard::bench
