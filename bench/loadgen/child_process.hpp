#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace plugboard::bench {

// A server started with pipes on its stdin and stdout.
class ChildProcess {
  public:
    // Runs command[0] (looked up in PATH); its stderr is ours, or /dev/null when quiet.
    // Throws std::runtime_error when it cannot be started.
    ChildProcess(const std::vector<std::string>& command, bool quiet_stderr);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    // Our ends of its stdin and stdout, non-blocking.
    int input() const { return input_; }
    int output() const { return output_; }

    // Closes its stdin and drains its stdout until it exits; SIGTERM after 2 s, SIGKILL after
    // 5 s. Returns the wait status.
    int finish();

  private:
    pid_t pid_ = -1;
    int input_ = -1;
    int output_ = -1;
    bool reaped_ = false;
    int wait_status_ = 0;
};

}  // namespace plugboard::bench
