// What every handler of the plugin shares: the host, the settings, the timer.
#pragma once

#include <plugboard/plugin.h>

#include <atomic>
#include <chrono>
#include <cstdint>

#include "scheduler.hpp"

namespace plugboard::conformance {

struct Settings {
    // How long test_reconnection takes, so the daemon can close the POST
    // stream mid-call and deliver the result on the resumed GET stream.
    std::chrono::milliseconds reconnection_delay{2000};
    // How often test://watched-resource changes; zero never.
    std::chrono::milliseconds watched_resource_interval{3000};
};

struct Context {
    pb_host* host;
    const pb_host_api* api;
    Settings settings;
    std::atomic<std::uint64_t> watched_resource_version{1};
    Scheduler scheduler;  // last: its destructor still runs tasks using the rest
};

}  // namespace plugboard::conformance
