#pragma once

#include <optional>

#include "json_line.hpp"
#include "latency_recorder.hpp"

namespace plugboard::bench {

// The p50_us, p90_us, p99_us and max_us members; null without samples.
void add_latency_members(JsonLine& json, const std::optional<LatencySummary>& latency);

// The same figures for a person, on stderr.
void print_latency_summary(const std::optional<LatencySummary>& latency);

}  // namespace plugboard::bench
