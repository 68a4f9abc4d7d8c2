// The real plugboard daemon as a child process, driven over its stdin and
// stdout like an MCP client would. Every wait is bounded, so a hung daemon
// fails a test instead of hanging it, and every stdout line is checked to be
// a JSON-RPC message (the daemon must never let anything else through).
#pragma once

#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace plugboard::integration {

namespace bj = boost::json;
using Milliseconds = std::chrono::milliseconds;

// Long enough for a loaded CI machine, short enough to fail fast when hung.
inline constexpr Milliseconds kReplyTimeout{5000};

// True for a request, notification or response object with "jsonrpc": "2.0",
// or a non-empty array of them (a batch answer).
bool is_jsonrpc_message(const bj::value& value);

// What stdout carries: protocol frames when serving, free text for
// subcommands such as check-config.
enum class StdoutKind { JsonRpc, Text };

class DaemonProcess {
  public:
    // Runs the plugboard binary with `arguments` (not including argv[0]).
    explicit DaemonProcess(std::vector<std::string> arguments,
                           StdoutKind stdout_kind = StdoutKind::JsonRpc);
    // Kills the daemon if it still runs, then checks what is left on stdout.
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    pid_t pid() const { return pid_; }

    // Writes `line` and a newline to the daemon's stdin.
    void send_line(std::string_view line);
    void send(const bj::value& message);
    // Sends a request and returns its id without waiting for the answer.
    std::int64_t send_request(std::string_view method, bj::object params = {});
    void notify(std::string_view method, bj::object params = {});

    // The next stdout line, unparsed; nullopt on timeout or end of output.
    // Fails the test if it is not a JSON-RPC message (StdoutKind::JsonRpc).
    std::optional<std::string> read_line(Milliseconds timeout = kReplyTimeout);
    // The next stdout message, kept in received() too; nullopt on timeout or
    // end of output. Server-to-client requests and notifications are also
    // filed for the wait_* functions below.
    std::optional<bj::value> read_message(Milliseconds timeout = kReplyTimeout);

    // Sends a request and returns its response (the whole JSON-RPC object).
    // Throws std::runtime_error if none arrives in time.
    bj::object request(std::string_view method, bj::object params = {},
                       Milliseconds timeout = kReplyTimeout);
    // The response with `id`, reading on until it arrives or time runs out.
    std::optional<bj::object> wait_response(std::int64_t id, Milliseconds timeout = kReplyTimeout);
    // The first notification with `method` not yet taken, reading on as
    // needed; taking it removes it from notifications().
    std::optional<bj::object> wait_notification(std::string_view method,
                                                Milliseconds timeout = kReplyTimeout);
    // The first server-to-client request with `method` not yet taken.
    std::optional<bj::object> wait_server_request(std::string_view method,
                                                  Milliseconds timeout = kReplyTimeout);

    // initialize with `revision` and `capabilities`, then
    // notifications/initialized. Returns the initialize result.
    bj::object initialize(std::string_view revision = "2025-11-25", bj::object capabilities = {});

    // Notifications read so far and not taken, in arrival order.
    std::vector<bj::object> notifications(std::string_view method) const;
    // Every message read so far, in arrival order.
    const std::vector<bj::value>& received() const { return received_; }

    void close_stdin();
    // The exit status (128 + signal number if killed by a signal), or
    // nullopt if the daemon still runs after `timeout`.
    std::optional<int> wait_exit(Milliseconds timeout = kReplyTimeout);
    void terminate();  // SIGTERM
    // Reads stdout to its end (the daemon must have exited or be exiting);
    // fails the test on a partial or non-JSON line.
    std::vector<std::string> read_remaining_lines(Milliseconds timeout = kReplyTimeout);

    // Everything the daemon wrote to stderr so far.
    std::string stderr_text() const;
    // Waits until stderr contains `text`.
    bool wait_stderr(std::string_view text, Milliseconds timeout = kReplyTimeout) const;

  private:
    void file(const bj::value& message);
    void drain_stderr();

    StdoutKind stdout_kind_;
    pid_t pid_ = -1;
    int pidfd_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    int stderr_fd_ = -1;
    std::optional<int> exit_status_;
    std::string stdout_buffer_;
    bool stdout_closed_ = false;
    std::int64_t next_id_ = 1;

    std::vector<bj::value> received_;
    std::map<std::int64_t, bj::object> responses_;
    std::deque<bj::object> notifications_;
    std::deque<bj::object> server_requests_;

    mutable std::mutex stderr_mutex_;
    mutable std::condition_variable stderr_grew_;
    std::string stderr_text_;
    bool stderr_closed_ = false;
    std::thread stderr_reader_;
};

// Whether process `pid` has a file whose name starts with `name` mapped
// (a shared library, say "libssl.so").
bool maps_file(pid_t pid, std::string_view name);
// How many of process `pid`'s threads are called `name`.
std::size_t threads_named(pid_t pid, std::string_view name);

}  // namespace plugboard::integration
