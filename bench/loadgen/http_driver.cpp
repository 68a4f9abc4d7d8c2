#include "http_driver.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <latch>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "event_loop.hpp"
#include "json_line.hpp"
#include "latency_report.hpp"
#include "load_client.hpp"
#include "proc_status.hpp"

namespace plugboard::bench {
namespace {

using namespace std::chrono_literals;

constexpr auto kHandshakeTimeout = 10s;
// How long the calls in flight at the end and the session DELETEs may take.
constexpr auto kWindDownTimeout = 2s;

// How the threads agree on one measure window once every session is open.
struct StartLine {
    explicit StartLine(unsigned threads) : opened(threads) {}
    std::latch opened;
    std::latch go{1};
    std::atomic<bool> open_failed{false};
    MeasureWindow window;
};

struct ThreadOutcome {
    CallTally tally;
    std::vector<std::string> failures;
    unsigned still_waiting = 0;  // calls unanswered when the wind-down gave up
};

using Clients = std::vector<std::unique_ptr<LoadClient>>;

bool any_in(const Clients& clients, std::initializer_list<LoadClient::State> states) {
    for (const auto& client : clients) {
        for (const auto state : states) {
            if (client->state() == state) return true;
        }
    }
    return false;
}

void collect_failures(const Clients& clients, std::vector<std::string>& failures) {
    for (const auto& client : clients) {
        if (client->state() == LoadClient::State::failed) failures.push_back(client->failure());
    }
}

class LoadThread {
  public:
    LoadThread(const HttpTarget& target, const LoadPlan& plan, unsigned connections,
               std::size_t expected_calls, StartLine& start, ThreadOutcome& outcome)
        : start_(start), outcome_(outcome) {
        outcome_.tally.latencies.reserve(expected_calls);
        for (unsigned i = 0; i < connections; ++i) {
            clients_.push_back(
                std::make_unique<LoadClient>(loop_, target, plan, next_id_, outcome_.tally));
        }
    }

    void run() {
        try {
            open_sessions();
        } catch (const std::exception& error) {
            outcome_.failures.push_back(error.what());
            start_.open_failed = true;
        }
        start_.opened.count_down();
        start_.go.wait();
        try {
            if (!start_.open_failed) {
                for (auto& client : clients_)
                    client->start(start_.window);
                while (Clock::now() < start_.window.until)
                    loop_.run_once(time_left(start_.window.until));
                collect_failures(clients_, outcome_.failures);
            }
            wind_down();
        } catch (const std::exception& error) {
            outcome_.failures.push_back(error.what());
        }
    }

  private:
    void open_sessions() {
        for (auto& client : clients_)
            client->open();
        const auto deadline = Clock::now() + kHandshakeTimeout;
        while (any_in(clients_, {LoadClient::State::opening}) && Clock::now() < deadline) {
            loop_.run_once(time_left(deadline));
        }
        collect_failures(clients_, outcome_.failures);
        if (any_in(clients_, {LoadClient::State::opening})) {
            outcome_.failures.push_back("session handshake timed out");
        }
        if (!outcome_.failures.empty()) start_.open_failed = true;
    }

    void wind_down() {
        for (auto& client : clients_)
            client->stop();
        const auto deadline = Clock::now() + kWindDownTimeout;
        while (any_in(clients_, {LoadClient::State::calling, LoadClient::State::closing}) &&
               Clock::now() < deadline) {
            loop_.run_once(time_left(deadline));
        }
        for (const auto& client : clients_) {
            if (client->state() == LoadClient::State::calling) ++outcome_.still_waiting;
        }
    }

    StartLine& start_;
    ThreadOutcome& outcome_;
    EventLoop loop_;
    std::uint64_t next_id_ = 1;
    Clients clients_;
};

}  // namespace

int run_http(const HttpOptions& options) {
    const HttpTarget target = resolve_http_target(options.url);
    const McpRequests mcp(options.call);
    const HttpRequestWriter http(options.url, options.call.protocol_version);
    const bool stateless = options.stateless || options.raw;
    const LoadPlan plan{http, mcp, !stateless, options.raw};
    const unsigned threads = std::min(options.threads, options.connections);

    StartLine start(threads);
    std::vector<ThreadOutcome> outcomes(threads);
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < threads; ++t) {
        const unsigned connections =
            options.connections / threads + (t < options.connections % threads ? 1 : 0);
        workers.emplace_back([&, t, connections] {
            std::optional<LoadThread> thread;
            try {
                thread.emplace(target, plan, connections,
                               expected_calls(options.duration_s) / threads, start, outcomes[t]);
            } catch (const std::exception& error) {
                outcomes[t].failures.push_back(error.what());
                start.open_failed = true;
                start.opened.count_down();
                return;
            }
            thread->run();
        });
    }
    start.opened.wait();
    start.window = MeasureWindow::starting_now(options.warmup_s, options.duration_s);
    start.go.count_down();
    workers.clear();
    const auto ended = Clock::now();

    std::vector<std::string> failures;
    CallTally total;
    unsigned still_waiting = 0;
    for (auto& outcome : outcomes) {
        still_waiting += outcome.still_waiting;
        total.absorb(std::move(outcome.tally));
        failures.insert(failures.end(), outcome.failures.begin(), outcome.failures.end());
    }
    if (start.open_failed) {
        throw std::runtime_error(
            options.url.host_header + ": " + failures.front() +
            (failures.size() > 1 ? " (and " + std::to_string(failures.size() - 1) + " more)" : ""));
    }
    for (const auto& failure : failures) {
        std::fprintf(stderr, "plugboard-bench: a connection gave up: %s\n", failure.c_str());
    }
    if (still_waiting > 0) {
        std::fprintf(stderr, "plugboard-bench: %u calls still unanswered %lld s after the end\n",
                     still_waiting, static_cast<long long>(kWindDownTimeout.count()));
    }

    const double seconds = start.window.seconds_until(ended);
    const double rate = seconds > 0 ? static_cast<double>(total.calls) / seconds : 0.0;
    const auto latency = total.latencies.summarize();
    const auto peak_rss_kb =
        options.server_pid ? read_status_kb(*options.server_pid, "VmHWM") : std::nullopt;

    const char* const kind = options.raw ? "raw" : stateless ? "stateless" : "stateful";
    std::fprintf(stderr,
                 "http %s, %u connections on %u thread%s: %llu calls in %.2f s = %.0f calls/s, "
                 "%llu errors\n",
                 kind, options.connections, threads, threads == 1 ? "" : "s",
                 static_cast<unsigned long long>(total.calls), seconds, rate,
                 static_cast<unsigned long long>(total.errors));
    print_errors_outside(total);
    print_latency_summary(latency);
    if (options.server_pid) {
        std::fprintf(stderr, "server peak RSS (VmHWM): %lld kB\n",
                     static_cast<long long>(peak_rss_kb.value_or(-1)));
    }

    JsonLine json;
    json.text("mode", "http")
        .integer("connections", std::int64_t{options.connections})
        .integer("threads", std::int64_t{threads})
        .boolean("stateless", stateless)
        .boolean("raw", options.raw)
        .integer("calls", static_cast<std::int64_t>(total.calls))
        .integer("errors", static_cast<std::int64_t>(total.errors))
        .number("seconds", seconds, 3)
        .number("calls_per_s", rate, 1);
    add_latency_members(json, latency);
    json.integer("peak_rss_kb", peak_rss_kb);
    print_json_line(json);
    return failures.empty() ? 0 : 1;
}

}  // namespace plugboard::bench
