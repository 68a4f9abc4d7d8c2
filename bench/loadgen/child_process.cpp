#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace plugboard::bench {
namespace {

std::array<int, 2> make_pipe() {
    std::array<int, 2> ends{};
    if (::pipe2(ends.data(), O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    return ends;
}

void set_non_blocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& command, bool quiet_stderr) {
    const auto to_child = make_pipe();
    const auto from_child = make_pipe();
    std::vector<char*> argv;
    for (const auto& word : command)
        argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    if (quiet_stderr) {
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    }
    const int error = ::posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_child[0]);
    ::close(from_child[1]);
    if (error != 0) {
        ::close(to_child[1]);
        ::close(from_child[0]);
        throw std::runtime_error("cannot start " + command.front() + ": " + std::strerror(error));
    }
    input_ = to_child[1];
    output_ = from_child[0];
    set_non_blocking(input_);
    set_non_blocking(output_);
}

ChildProcess::~ChildProcess() {
    finish();
}

int ChildProcess::finish() {
    if (reaped_) return wait_status_;
    if (input_ >= 0) {
        ::close(input_);
        input_ = -1;
    }
    using namespace std::chrono_literals;
    const auto closed_at = std::chrono::steady_clock::now();
    bool terminated = false;
    while (true) {
        if (::waitpid(pid_, &wait_status_, WNOHANG) == pid_) break;
        const auto waited = std::chrono::steady_clock::now() - closed_at;
        if (waited >= 5s) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &wait_status_, 0);
            break;
        }
        if (waited >= 2s && !terminated) {
            ::kill(pid_, SIGTERM);
            terminated = true;
        }
        // Reading its stdout keeps it from blocking on a full pipe while it shuts down.
        if (output_ >= 0) {
            pollfd readable{output_, POLLIN, 0};
            ::poll(&readable, 1, 10);
            char discard[65536];
            if (::read(output_, discard, sizeof discard) == 0) {
                ::close(output_);
                output_ = -1;
            }
        } else {
            std::this_thread::sleep_for(2ms);
        }
    }
    if (output_ >= 0) {
        ::close(output_);
        output_ = -1;
    }
    reaped_ = true;
    return wait_status_;
}

}  // namespace plugboard::bench
