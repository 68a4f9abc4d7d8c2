#include "stdio_driver.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

#include "call_tally.hpp"
#include "child_process.hpp"
#include "inflight_window.hpp"
#include "json_line.hpp"
#include "jsonrpc_scan.hpp"
#include "latency_recorder.hpp"
#include "latency_report.hpp"
#include "line_reader.hpp"
#include "measure_window.hpp"
#include "proc_status.hpp"
#include "stdio_handshake.hpp"

namespace plugboard::bench {
namespace {

// Keeps `inflight` calls going until the deadline: every answer read is replaced by a new
// request, and the requests one read produced go out in one write().
class StdioLoad {
  public:
    StdioLoad(ChildProcess& child, LineReader& reader, const McpRequests& requests,
              CallTally& tally)
        : child_(child), reader_(reader), requests_(requests), tally_(tally), in_flight_(1) {}

    // Returns false when the server went away during the run.
    bool run(unsigned inflight, const MeasureWindow& window) {
        window_ = window;
        const auto now = Clock::now();
        for (unsigned i = 0; i < inflight; ++i)
            queue_call(now);
        if (!flush()) return false;
        while (true) {
            const auto left = window_.until - Clock::now();
            if (left <= Clock::duration::zero()) return true;
            pollfd fds[2] = {{child_.output(), POLLIN, 0}, {child_.input(), POLLOUT, 0}};
            const auto timeout = std::chrono::ceil<std::chrono::milliseconds>(left).count();
            const int ready = ::poll(fds, pending_.empty() ? 1 : 2, static_cast<int>(timeout));
            if (ready < 0 && errno != EINTR) return false;
            if (ready <= 0) continue;
            if (fds[0].revents != 0 && !read_answers()) return false;
            if (!flush()) return false;
        }
    }

    std::size_t in_flight() const { return in_flight_.in_flight(); }

  private:
    bool read_answers() {
        const ssize_t count = reader_.read_from(child_.output());
        if (count == 0) return false;
        if (count < 0) return errno == EAGAIN || errno == EINTR;
        const auto now = Clock::now();
        while (const auto line = reader_.next_line()) {
            if (line->empty()) continue;
            const ScannedMessage message = scan_jsonrpc_message(*line);
            if (message.kind == ScannedMessage::Kind::other) continue;
            const auto sent_at = message.kind == ScannedMessage::Kind::response && message.id
                                     ? in_flight_.take(*message.id)
                                     : std::nullopt;
            if (!sent_at) {
                tally_.failed(window_, now);
                continue;
            }
            if (message.failed) {
                tally_.failed(window_, now);
            } else {
                tally_.succeeded(window_, *sent_at, now);
            }
            if (now < window_.until) queue_call(now);
        }
        return true;
    }

    void queue_call(Clock::time_point now) {
        requests_.append_tool_call(pending_, in_flight_.add(now));
        pending_ += '\n';
    }

    // Writes what the pipe takes now; the rest waits for POLLOUT.
    bool flush() {
        if (pending_.empty()) return true;
        const ssize_t count = ::write(child_.input(), pending_.data(), pending_.size());
        if (count < 0) return errno == EAGAIN || errno == EINTR;
        pending_.erase(0, static_cast<std::size_t>(count));
        return true;
    }

    ChildProcess& child_;
    LineReader& reader_;
    const McpRequests& requests_;
    CallTally& tally_;
    InflightWindow in_flight_;
    std::string pending_;
    MeasureWindow window_;
};

}  // namespace

int run_stdio(const StdioOptions& options) {
    const McpRequests requests(options.call);
    ChildProcess child(options.command, options.quiet_server);
    LineReader reader;
    await_initialize(child, reader, requests);
    send_initialized(child);

    CallTally tally;
    tally.latencies.reserve(expected_calls(options.duration_s));
    const auto window = MeasureWindow::starting_now(options.warmup_s, options.duration_s);
    StdioLoad load(child, reader, requests, tally);
    const bool completed = load.run(options.inflight, window);
    const auto ended = Clock::now();
    const double seconds = window.seconds_until(ended);
    if (!completed) {
        // Calls the server never answered.
        tally.failed(window, ended, load.in_flight());
        std::fprintf(stderr, "plugboard-bench: the server went away during the run\n");
    }
    const auto peak_rss_kb = read_status_kb(child.pid(), "VmHWM");
    child.finish();

    const double rate = seconds > 0 ? static_cast<double>(tally.calls) / seconds : 0.0;
    const auto latency = tally.latencies.summarize();
    std::fprintf(stderr, "stdio, %u in flight: %llu calls in %.2f s = %.0f calls/s, %llu errors\n",
                 options.inflight, static_cast<unsigned long long>(tally.calls), seconds, rate,
                 static_cast<unsigned long long>(tally.errors));
    print_errors_outside(tally);
    print_latency_summary(latency);
    std::fprintf(stderr, "server peak RSS (VmHWM): %lld kB\n",
                 static_cast<long long>(peak_rss_kb.value_or(-1)));

    JsonLine json;
    json.text("mode", "stdio")
        .integer("inflight", std::int64_t{options.inflight})
        .integer("calls", static_cast<std::int64_t>(tally.calls))
        .integer("errors", static_cast<std::int64_t>(tally.errors))
        .number("seconds", seconds, 3)
        .number("calls_per_s", rate, 1);
    add_latency_members(json, latency);
    json.integer("peak_rss_kb", peak_rss_kb);
    print_json_line(json);
    return completed ? 0 : 1;
}

}  // namespace plugboard::bench
