#include "startup_driver.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "json_line.hpp"
#include "latency_recorder.hpp"
#include "line_reader.hpp"
#include "proc_status.hpp"
#include "stdio_handshake.hpp"

namespace plugboard::bench {
namespace {

template <class T>
double median(std::vector<T> values) {
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    if (values.size() % 2 == 1) return static_cast<double>(values[middle]);
    return (static_cast<double>(values[middle - 1]) + static_cast<double>(values[middle])) / 2;
}

}  // namespace

int run_startup(const StartupOptions& options) {
    const McpRequests requests(options.call);
    std::vector<double> startup_ms;
    std::vector<std::int64_t> idle_rss_kb;
    for (unsigned run = 0; run < options.runs; ++run) {
        const auto spawned_at = Clock::now();
        ChildProcess child(options.command, options.quiet_server);
        LineReader reader(4096);
        await_initialize(child, reader, requests);
        const auto answered_at = Clock::now();
        startup_ms.push_back(
            std::chrono::duration<double, std::milli>(answered_at - spawned_at).count());
        send_initialized(child);
        std::this_thread::sleep_for(std::chrono::milliseconds(options.settle_ms));
        if (const auto rss = read_status_kb(child.pid(), "VmRSS")) idle_rss_kb.push_back(*rss);
        child.finish();
        std::fprintf(stderr, "run %u: initialize answered after %.2f ms, idle RSS %lld kB\n",
                     run + 1, startup_ms.back(),
                     static_cast<long long>(idle_rss_kb.empty() ? -1 : idle_rss_kb.back()));
    }

    const auto [fastest, slowest] = std::minmax_element(startup_ms.begin(), startup_ms.end());
    const std::optional<double> rss_median =
        idle_rss_kb.empty() ? std::nullopt : std::optional<double>(median(idle_rss_kb));
    std::fprintf(
        stderr,
        "startup over %u runs: median %.2f ms (min %.2f, max %.2f), idle RSS median %.0f kB\n",
        options.runs, median(startup_ms), *fastest, *slowest, rss_median.value_or(-1));

    JsonLine json;
    json.text("mode", "startup")
        .integer("runs", std::int64_t{options.runs})
        .number("startup_ms_median", median(startup_ms), 2)
        .number("startup_ms_min", *fastest, 2)
        .number("startup_ms_max", *slowest, 2)
        .number("idle_rss_kb_median", rss_median, 0);
    print_json_line(json);
    return 0;
}

}  // namespace plugboard::bench
