#include "stdio_handshake.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <string>

#include "jsonrpc_scan.hpp"
#include "latency_recorder.hpp"

namespace plugboard::bench {
namespace {

constexpr auto kHandshakeTimeout = std::chrono::seconds(10);

int milliseconds_until(Clock::time_point deadline) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

// Waits for `events` on fd; false once the deadline has passed.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    while (true) {
        pollfd ready{fd, events, 0};
        const int timeout = milliseconds_until(deadline);
        const int count = ::poll(&ready, 1, timeout);
        if (count > 0) return true;
        if (count == 0 || errno != EINTR) return false;
    }
}

void write_line(ChildProcess& child, std::string_view json) {
    std::string line(json);
    line += '\n';
    const auto deadline = Clock::now() + kHandshakeTimeout;
    std::size_t written = 0;
    while (written < line.size()) {
        const ssize_t count = ::write(child.input(), line.data() + written, line.size() - written);
        if (count > 0) {
            written += static_cast<std::size_t>(count);
        } else if (errno == EAGAIN) {
            if (!wait_for(child.input(), POLLOUT, deadline)) {
                throw std::runtime_error("the server does not read its stdin");
            }
        } else if (errno != EINTR) {
            throw std::runtime_error("the server closed its stdin");
        }
    }
}

}  // namespace

void await_initialize(ChildProcess& child, LineReader& reader, const McpRequests& requests) {
    std::string initialize;
    requests.append_initialize(initialize, 0);
    write_line(child, initialize);
    const auto deadline = Clock::now() + kHandshakeTimeout;
    while (true) {
        while (const auto line = reader.next_line()) {
            const ScannedMessage message = scan_jsonrpc_message(*line);
            if (message.kind != ScannedMessage::Kind::response || message.id != 0) continue;
            if (message.failed) {
                throw std::runtime_error("the server refused initialize: " + std::string(*line));
            }
            return;
        }
        const ssize_t count = reader.read_from(child.output());
        if (count == 0) throw std::runtime_error("the server closed its stdout before answering");
        if (count < 0 && errno != EAGAIN && errno != EINTR) {
            throw std::runtime_error("cannot read the server's stdout");
        }
        if (count < 0 && !wait_for(child.output(), POLLIN, deadline)) {
            throw std::runtime_error("no answer to initialize within 10 s");
        }
    }
}

void send_initialized(ChildProcess& child) {
    write_line(child, McpRequests::kInitialized);
}

}  // namespace plugboard::bench
