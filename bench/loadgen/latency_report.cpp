#include "latency_report.hpp"

#include <cstdio>

namespace plugboard::bench {

void add_latency_members(JsonLine& json, const std::optional<LatencySummary>& latency) {
    const auto field = [&](double LatencySummary::*member) {
        return latency ? std::optional<double>((*latency).*member) : std::nullopt;
    };
    json.number("p50_us", field(&LatencySummary::p50_us), 1)
        .number("p90_us", field(&LatencySummary::p90_us), 1)
        .number("p99_us", field(&LatencySummary::p99_us), 1)
        .number("max_us", field(&LatencySummary::max_us), 1);
}

void print_latency_summary(const std::optional<LatencySummary>& latency) {
    if (!latency) {
        std::fprintf(stderr, "latency: no successful calls measured\n");
        return;
    }
    std::fprintf(stderr, "latency us: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", latency->p50_us,
                 latency->p90_us, latency->p99_us, latency->max_us);
}

}  // namespace plugboard::bench
