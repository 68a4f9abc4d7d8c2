#include "daemon_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace plugboard::integration {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// Milliseconds left until `deadline`, clamped for poll().
int poll_budget(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<Milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

bool is_single_message(const bj::value& value) {
    const bj::object* object = value.if_object();
    if (object == nullptr) return false;
    const bj::value* version = object->if_contains("jsonrpc");
    if (version == nullptr || !version->is_string() || version->get_string() != "2.0") return false;
    if (const bj::value* method = object->if_contains("method")) return method->is_string();
    return object->contains("id") && (object->contains("result") != object->contains("error"));
}

std::optional<std::int64_t> integer_id(const bj::object& message) {
    const bj::value* id = message.if_contains("id");
    if (id == nullptr || !id->is_int64()) return std::nullopt;
    return id->get_int64();
}

std::optional<bj::object> take_first(std::deque<bj::object>& queue, std::string_view method) {
    auto it = std::find_if(queue.begin(), queue.end(), [&](const bj::object& message) {
        return message.at("method").as_string() == method;
    });
    if (it == queue.end()) return std::nullopt;
    bj::object taken = std::move(*it);
    queue.erase(it);
    return taken;
}

}  // namespace

bool is_jsonrpc_message(const bj::value& value) {
    if (const bj::array* batch = value.if_array()) {
        return !batch->empty() && std::all_of(batch->begin(), batch->end(), is_single_message);
    }
    return is_single_message(value);
}

DaemonProcess::DaemonProcess(std::vector<std::string> arguments, StdoutKind stdout_kind)
    : stdout_kind_(stdout_kind) {
    // A daemon that died must fail the test, not kill it with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);

    std::array<int, 2> in{}, out{}, err{};
    if (::pipe2(in.data(), O_CLOEXEC) != 0 || ::pipe2(out.data(), O_CLOEXEC) != 0 ||
        ::pipe2(err.data(), O_CLOEXEC) != 0) {
        throw_errno("pipe2");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);

    arguments.insert(arguments.begin(), PLUGBOARD_BINARY);
    std::vector<char*> argv;
    for (auto& argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    const int spawned =
        ::posix_spawn(&pid_, PLUGBOARD_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];
    stderr_fd_ = err[0];
    if (spawned != 0) {
        errno = spawned;
        throw_errno("posix_spawn " PLUGBOARD_BINARY);
    }
    // glibc 2.36's <sys/pidfd.h> lacks extern "C", so the wrapper cannot be linked from C++.
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) throw_errno("pidfd_open");
    stderr_reader_ = std::thread([this] { drain_stderr(); });
}

DaemonProcess::~DaemonProcess() {
    if (!exit_status_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        exit_status_ = 128 + SIGKILL;
    }
    close_stdin();
    read_remaining_lines();
    stderr_reader_.join();
    ::close(stdout_fd_);
    ::close(stderr_fd_);
    ::close(pidfd_);
}

void DaemonProcess::drain_stderr() {
    std::array<char, 4096> chunk{};
    for (;;) {
        const ssize_t n = ::read(stderr_fd_, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        std::lock_guard lock(stderr_mutex_);
        if (n <= 0) {
            stderr_closed_ = true;
            stderr_grew_.notify_all();
            return;
        }
        stderr_text_.append(chunk.data(), static_cast<std::size_t>(n));
        stderr_grew_.notify_all();
    }
}

std::string DaemonProcess::stderr_text() const {
    std::lock_guard lock(stderr_mutex_);
    return stderr_text_;
}

bool DaemonProcess::wait_stderr(std::string_view text, Milliseconds timeout) const {
    std::unique_lock lock(stderr_mutex_);
    return stderr_grew_.wait_for(lock, timeout, [&] {
        return stderr_text_.find(text) != std::string::npos || stderr_closed_;
    }) && stderr_text_.find(text) != std::string::npos;
}

void DaemonProcess::send_line(std::string_view line) {
    std::string data(line);
    data.push_back('\n');
    const auto deadline = Clock::now() + kReplyTimeout;
    std::size_t written = 0;
    while (written < data.size()) {
        if (stdin_fd_ < 0) throw std::runtime_error("send_line after close_stdin");
        pollfd ready{stdin_fd_, POLLOUT, 0};
        const int polled = ::poll(&ready, 1, poll_budget(deadline));
        if (polled < 0 && errno == EINTR) continue;
        if (polled == 0) throw std::runtime_error("the daemon stopped reading its stdin");
        const ssize_t n = ::write(stdin_fd_, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw_errno("write to the daemon's stdin");
        }
        written += static_cast<std::size_t>(n);
    }
}

void DaemonProcess::send(const bj::value& message) {
    send_line(bj::serialize(message));
}

std::int64_t DaemonProcess::send_request(std::string_view method, bj::object params) {
    const std::int64_t id = next_id_++;
    send(bj::object{
        {"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    return id;
}

void DaemonProcess::notify(std::string_view method, bj::object params) {
    send(bj::object{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

std::optional<std::string> DaemonProcess::read_line(Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::array<char, 65536> chunk{};
    for (;;) {
        if (const auto newline = stdout_buffer_.find('\n'); newline != std::string::npos) {
            std::string line = stdout_buffer_.substr(0, newline);
            stdout_buffer_.erase(0, newline + 1);
            if (stdout_kind_ == StdoutKind::Text) return line;
            boost::system::error_code error;
            const bj::value parsed = bj::parse(line, error);
            EXPECT_TRUE(!error && is_jsonrpc_message(parsed))
                << "the daemon wrote a line to stdout that is not a JSON-RPC message: " << line;
            return line;
        }
        if (stdout_closed_) return std::nullopt;
        pollfd ready{stdout_fd_, POLLIN, 0};
        const int polled = ::poll(&ready, 1, poll_budget(deadline));
        if (polled < 0 && errno == EINTR) continue;
        if (polled < 0) throw_errno("poll stdout");
        if (polled == 0) return std::nullopt;
        const ssize_t n = ::read(stdout_fd_, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            stdout_closed_ = true;
            if (stdout_buffer_.empty()) continue;
            EXPECT_EQ(stdout_kind_, StdoutKind::Text)
                << "stdout ended inside a line: " << stdout_buffer_;
            stdout_buffer_.push_back('\n');
            continue;
        }
        stdout_buffer_.append(chunk.data(), static_cast<std::size_t>(n));
    }
}

std::optional<bj::value> DaemonProcess::read_message(Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto line =
            read_line(std::chrono::duration_cast<Milliseconds>(deadline - Clock::now()));
        if (!line) return std::nullopt;
        boost::system::error_code error;
        bj::value message = bj::parse(*line, error);
        if (error) continue;  // already reported by read_line
        file(message);
        return message;
    }
}

void DaemonProcess::file(const bj::value& message) {
    received_.push_back(message);
    const bj::object* object = message.if_object();
    if (object == nullptr) return;
    const bool has_method = object->contains("method");
    if (has_method && object->contains("id")) {
        server_requests_.push_back(*object);
    } else if (has_method) {
        notifications_.push_back(*object);
    } else if (auto id = integer_id(*object)) {
        responses_[*id] = *object;
    }
}

std::optional<bj::object> DaemonProcess::wait_response(std::int64_t id, Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (auto it = responses_.find(id); it != responses_.end()) {
            bj::object response = std::move(it->second);
            responses_.erase(it);
            return response;
        }
        if (!read_message(std::chrono::duration_cast<Milliseconds>(deadline - Clock::now()))) {
            return std::nullopt;
        }
    }
}

bj::object DaemonProcess::request(std::string_view method, bj::object params,
                                  Milliseconds timeout) {
    const std::int64_t id = send_request(method, std::move(params));
    auto response = wait_response(id, timeout);
    if (!response) {
        throw std::runtime_error("no response to " + std::string(method) + " within " +
                                 std::to_string(timeout.count()) + " ms; daemon stderr:\n" +
                                 stderr_text());
    }
    return std::move(*response);
}

std::optional<bj::object> DaemonProcess::wait_notification(std::string_view method,
                                                           Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (auto found = take_first(notifications_, method)) return found;
        if (!read_message(std::chrono::duration_cast<Milliseconds>(deadline - Clock::now()))) {
            return std::nullopt;
        }
    }
}

std::optional<bj::object> DaemonProcess::wait_server_request(std::string_view method,
                                                             Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (auto found = take_first(server_requests_, method)) return found;
        if (!read_message(std::chrono::duration_cast<Milliseconds>(deadline - Clock::now()))) {
            return std::nullopt;
        }
    }
}

std::vector<bj::object> DaemonProcess::notifications(std::string_view method) const {
    std::vector<bj::object> matching;
    for (const auto& notification : notifications_) {
        if (notification.at("method").as_string() == method) matching.push_back(notification);
    }
    return matching;
}

bj::object DaemonProcess::initialize(std::string_view revision, bj::object capabilities) {
    const bj::object response = request(
        "initialize", {{"protocolVersion", revision},
                       {"capabilities", std::move(capabilities)},
                       {"clientInfo", {{"name", "integration-tests"}, {"version", "1.0"}}}});
    const bj::value* result = response.if_contains("result");
    if (result == nullptr || !result->is_object()) {
        throw std::runtime_error("initialize failed: " + bj::serialize(response));
    }
    notify("notifications/initialized");
    return result->get_object();
}

void DaemonProcess::close_stdin() {
    if (stdin_fd_ < 0) return;
    ::close(stdin_fd_);
    stdin_fd_ = -1;
}

std::optional<int> DaemonProcess::wait_exit(Milliseconds timeout) {
    if (exit_status_) return exit_status_;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        pollfd exited{pidfd_, POLLIN, 0};
        const int polled = ::poll(&exited, 1, poll_budget(deadline));
        if (polled < 0 && errno == EINTR) continue;
        if (polled <= 0) return std::nullopt;
        int status = 0;
        if (::waitpid(pid_, &status, 0) != pid_) throw_errno("waitpid");
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_status_;
    }
}

void DaemonProcess::terminate() {
    if (!exit_status_) ::kill(pid_, SIGTERM);
}

std::vector<std::string> DaemonProcess::read_remaining_lines(Milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::vector<std::string> lines;
    while (!stdout_closed_) {
        auto line = read_line(std::chrono::duration_cast<Milliseconds>(deadline - Clock::now()));
        if (line) {
            boost::system::error_code error;
            if (bj::value message = bj::parse(*line, error); !error) file(message);
            lines.push_back(std::move(*line));
        } else if (!stdout_closed_) {
            ADD_FAILURE() << "the daemon's stdout did not end within " << timeout.count() << " ms";
            break;
        }
    }
    return lines;
}

std::size_t threads_named(pid_t pid, std::string_view name) {
    std::size_t count = 0;
    std::error_code error;
    for (const auto& task :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", error)) {
        std::ifstream comm(task.path() / "comm");
        std::string line;
        if (std::getline(comm, line) && line == name) ++count;
    }
    return count;
}

bool maps_file(pid_t pid, std::string_view name) {
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    std::string line;
    while (std::getline(maps, line)) {
        const auto slash = line.rfind('/');
        if (slash != std::string::npos && line.compare(slash + 1, name.size(), name) == 0)
            return true;
    }
    return false;
}

}  // namespace plugboard::integration
