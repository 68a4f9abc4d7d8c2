#pragma once

#include <sys/types.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "http_target.hpp"
#include "mcp_requests.hpp"

namespace plugboard::bench {

struct StdioOptions {
    CallSpec call;
    unsigned inflight = 1;
    double duration_s = 5;
    double warmup_s = 1;
    bool quiet_server = false;
    std::vector<std::string> command;
};

struct HttpOptions {
    CallSpec call;
    HttpUrl url;
    unsigned connections = 16;
    unsigned threads = 1;
    double duration_s = 5;
    double warmup_s = 1;
    bool stateless = false;
    bool raw = false;
    std::optional<pid_t> server_pid;
};

struct StartupOptions {
    CallSpec call;
    unsigned runs = 5;
    unsigned settle_ms = 200;
    bool quiet_server = false;
    std::vector<std::string> command;
};

struct SessionsOptions {
    CallSpec call;
    HttpUrl url;
    unsigned sessions = 0;
    pid_t server_pid = 0;
    unsigned batch = 64;
    double hold_s = 2;
};

using Options = std::variant<StdioOptions, HttpOptions, StartupOptions, SessionsOptions>;

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// argv after the program name: MODE [OPTIONS] [-- COMMAND...]. Throws UsageError.
Options parse_options(const std::vector<std::string>& args);

extern const char* const kUsage;

}  // namespace plugboard::bench
