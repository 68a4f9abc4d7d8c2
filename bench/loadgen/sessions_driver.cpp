#include "sessions_driver.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "event_loop.hpp"
#include "json_line.hpp"
#include "latency_recorder.hpp"
#include "proc_status.hpp"
#include "session_client.hpp"

namespace plugboard::bench {
namespace {

// A phase gives up when no job has finished for this long.
constexpr auto kStallTimeout = std::chrono::seconds(10);

using Clients = std::vector<std::unique_ptr<SessionClient>>;

void run_phase(EventLoop& loop, Clients& clients, SessionJobs& jobs) {
    for (auto& client : clients)
        client->work_on(jobs);
    auto finished = jobs.finished;
    auto last_progress = Clock::now();
    while (!jobs.all_finished()) {
        const auto deadline = last_progress + kStallTimeout;
        if (Clock::now() >= deadline) {
            std::fprintf(stderr, "plugboard-bench: %zu requests got no answer within %lld s\n",
                         jobs.total() - jobs.finished,
                         static_cast<long long>(kStallTimeout.count()));
            if (jobs.kind != SessionJobs::Kind::remove) jobs.errors += jobs.total() - jobs.finished;
            for (auto& client : clients)
                client->abandon();
            return;
        }
        loop.run_once(time_left(deadline));
        if (jobs.finished != finished) {
            finished = jobs.finished;
            last_progress = Clock::now();
        }
    }
}

std::int64_t rss_kb(pid_t pid) {
    const auto kb = read_status_kb(pid, "VmRSS");
    if (!kb) throw std::runtime_error("cannot read VmRSS of process " + std::to_string(pid));
    return *kb;
}

}  // namespace

int run_sessions(const SessionsOptions& options) {
    const HttpTarget target = resolve_http_target(options.url);
    const McpRequests mcp(options.call);
    const HttpRequestWriter http(options.url, options.call.protocol_version);
    EventLoop loop;
    std::uint64_t next_id = 1;
    Clients clients;
    for (unsigned i = 0; i < std::min(options.batch, options.sessions); ++i) {
        clients.push_back(std::make_unique<SessionClient>(loop, target, http, mcp, next_id));
    }

    const std::int64_t rss_before_kb = rss_kb(options.server_pid);
    SessionJobs create;
    create.to_create = options.sessions;
    run_phase(loop, clients, create);
    if (create.created.empty() && create.unreachable) {
        throw std::runtime_error("cannot connect to " + options.url.host_header);
    }

    // Run the loop while holding, so connections the server closes are noticed.
    const auto hold_until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::duration<double>(options.hold_s));
    while (Clock::now() < hold_until)
        loop.run_once(time_left(hold_until));
    const std::int64_t rss_after_kb = rss_kb(options.server_pid);

    SessionJobs ping;
    ping.kind = SessionJobs::Kind::ping;
    if (!create.created.empty()) ping.sessions.push_back(create.created.front());
    if (create.created.size() > 1) ping.sessions.push_back(create.created.back());
    run_phase(loop, clients, ping);

    SessionJobs remove;
    remove.kind = SessionJobs::Kind::remove;
    remove.sessions = create.created;
    run_phase(loop, clients, remove);

    const auto created = static_cast<std::int64_t>(create.created.size());
    const std::int64_t errors = static_cast<std::int64_t>(create.errors + ping.errors);
    const std::optional<std::int64_t> per_session_bytes =
        created > 0 ? std::optional<std::int64_t>((rss_after_kb - rss_before_kb) * 1024 / created)
                    : std::nullopt;
    std::fprintf(
        stderr,
        "sessions: %lld of %u created, %lld errors; server VmRSS %lld -> %lld kB = %lld bytes "
        "per session\n",
        static_cast<long long>(created), options.sessions, static_cast<long long>(errors),
        static_cast<long long>(rss_before_kb), static_cast<long long>(rss_after_kb),
        static_cast<long long>(per_session_bytes.value_or(0)));

    JsonLine json;
    json.text("mode", "sessions")
        .integer("sessions", std::int64_t{options.sessions})
        .integer("created", created)
        .integer("errors", errors)
        .integer("rss_before_kb", rss_before_kb)
        .integer("rss_after_kb", rss_after_kb)
        .integer("per_session_bytes", per_session_bytes);
    print_json_line(json);
    return 0;
}

}  // namespace plugboard::bench
