// The real plugboard daemon serving HTTP (`plugboard serve`) on a free
// loopback port, with the config a test asks for.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "daemon_process.hpp"

namespace plugboard::integration {

using namespace std::chrono_literals;

// The bundled plugins plus the test plugins the HTTP tests drive: the
// conformance fixture (progress, sampling, a call long enough to resume, a
// watched resource), `slow` (sleep) and `events` (list_changed on demand).
inline constexpr std::string_view kHttpTestPlugins =
    "  echo: {path: ${PLUGINS}/echo.so}\n"
    "  conformance:\n"
    "    path: ${TEST_PLUGINS}/conformance.so\n"
    "    config: {reconnection_delay_ms: 1500, watched_resource_interval_ms: 0}\n"
    "  slow: {path: ${TEST_PLUGINS}/slow.so}\n"
    "  events: {path: ${TEST_PLUGINS}/events.so}\n";

// The config file's text: `plugins` (entries indented by two) under
// `plugins:`, `http_section` (written as if at column 0, e.g.
// "max_sessions: 2\nsse:\n  keepalive_interval_ms: 200\n") under `http:`,
// then `other_sections` as they are. ${PLUGINS}-style placeholders are left
// for DaemonTest::write_config to fill in.
std::string render_config(std::string_view http_section, std::string_view other_sections,
                          std::string_view plugins);

class HttpDaemon {
  public:
    // Starts `plugboard serve --config <config> --listen 127.0.0.1:0` and waits
    // up to `startup_timeout` for its `listening on http://...` line. Throws,
    // quoting stderr, if the daemon exits or stays silent.
    explicit HttpDaemon(const std::filesystem::path& config, Milliseconds startup_timeout = 10s);

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return process_.pid(); }

    // SIGTERM, then the exit status within `timeout` (nullopt if it still runs).
    std::optional<int> stop(Milliseconds timeout = kReplyTimeout);
    // Sends SIGTERM without waiting.
    void terminate() { process_.terminate(); }
    // The exit status once the daemon has exited within `timeout`.
    std::optional<int> wait_exit(Milliseconds timeout) { return process_.wait_exit(timeout); }

    // Everything the daemon logged so far.
    std::string stderr_text() const { return process_.stderr_text(); }

  private:
    DaemonProcess process_;
    std::uint16_t port_ = 0;
};

}  // namespace plugboard::integration
