#include "latency_recorder.hpp"

#include <algorithm>
#include <cmath>

namespace plugboard::bench {

void LatencyRecorder::absorb(LatencyRecorder&& other) {
    samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
    other.samples_.clear();
}

std::optional<LatencySummary> LatencyRecorder::summarize() {
    if (samples_.empty()) return std::nullopt;
    std::sort(samples_.begin(), samples_.end());
    const std::size_t count = samples_.size();
    // Integer ceil(percent * n / 100), so 99 % of 1000 samples is rank 990 exactly.
    const auto at_percent = [&](std::size_t percent) {
        const std::size_t rank = std::max<std::size_t>(1, (percent * count + 99) / 100);
        return static_cast<double>(samples_[rank - 1]) / 1000.0;
    };
    return LatencySummary{at_percent(50), at_percent(90), at_percent(99),
                          static_cast<double>(samples_.back()) / 1000.0};
}

std::size_t expected_calls(double seconds) {
    // Above the C echo ceiling, so the vector never copies itself mid-run. Untouched reserved
    // pages cost no RSS; the cap keeps long runs within what the kernel will hand out.
    constexpr double kCallsPerSecond = 2'500'000;
    constexpr double kMaxCalls = 1 << 27;
    return static_cast<std::size_t>(std::min(std::ceil(seconds * kCallsPerSecond), kMaxCalls));
}

}  // namespace plugboard::bench
