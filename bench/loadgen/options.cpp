#include "options.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

namespace plugboard::bench {

const char* const kUsage = R"(Usage:
  plugboard-bench stdio [--inflight K=1] [--duration S=5] [--warmup S=1] [--quiet-server]
                        [CALL OPTIONS] -- COMMAND [ARGS...]
  plugboard-bench http --url http://HOST:PORT/PATH [--connections C=16] [--threads T=1]
                       [--duration S=5] [--warmup S=1] [--stateless] [--raw]
                       [--server-pid PID] [CALL OPTIONS]
  plugboard-bench startup [--runs N=5] [--settle-ms MS=200] [--quiet-server]
                          [--protocol-version V] -- COMMAND [ARGS...]
  plugboard-bench sessions --url URL --sessions N --server-pid PID [--batch B=64]
                           [--hold-seconds S=2] [--protocol-version V]
CALL OPTIONS: --tool NAME (echo) --message TEXT (hello) --protocol-version V (2025-11-25)
Prints a summary on stderr and one JSON object on stdout (see bench/loadgen/CONTRACT.md).
Exit status: 0 run completed, 1 server unreachable or handshake failed, 2 bad usage.
)";

namespace {

// Walks the words after the mode, splitting "--name=value".
class Args {
  public:
    explicit Args(const std::vector<std::string>& words) : words_(words) {}

    bool done() const { return at_ >= words_.size(); }
    bool at_separator() const { return words_[at_] == "--"; }

    std::vector<std::string> command() {
        std::vector<std::string> rest(words_.begin() + static_cast<std::ptrdiff_t>(at_ + 1),
                                      words_.end());
        at_ = words_.size();
        return rest;
    }

    std::string name() {
        const std::string& word = words_[at_++];
        const auto equals = word.find('=');
        if (!word.starts_with("--") || equals == std::string::npos) {
            inline_value_.reset();
            return word;
        }
        inline_value_ = word.substr(equals + 1);
        return word.substr(0, equals);
    }

    std::string value(std::string_view option) {
        if (inline_value_) return *std::exchange(inline_value_, std::nullopt);
        if (done()) throw UsageError(std::string(option) + " needs a value");
        return words_[at_++];
    }

    void no_value(std::string_view option) {
        if (inline_value_) throw UsageError(std::string(option) + " takes no value");
    }

  private:
    const std::vector<std::string>& words_;
    std::size_t at_ = 1;
    std::optional<std::string> inline_value_;
};

unsigned to_count(const std::string& text, std::string_view option, unsigned minimum = 1) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < minimum) {
        throw UsageError(std::string(option) + " wants a whole number >= " +
                         std::to_string(minimum) + ", not '" + text + "'");
    }
    return value;
}

double to_seconds(const std::string& text, std::string_view option, bool allow_zero) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value < 0 || (value == 0 && !allow_zero)) {
        throw UsageError(std::string(option) + " wants seconds" + (allow_zero ? " >= 0" : " > 0") +
                         ", not '" + text + "'");
    }
    return value;
}

pid_t to_pid(const std::string& text, std::string_view option) {
    const unsigned pid = to_count(text, option);
    if (pid > static_cast<unsigned>(std::numeric_limits<pid_t>::max())) {
        throw UsageError(std::string(option) + " is out of range");
    }
    return static_cast<pid_t>(pid);
}

HttpUrl to_url(const std::string& text) {
    auto url = parse_http_url(text);
    if (!url) throw UsageError("--url wants http://HOST[:PORT]/PATH, not '" + text + "'");
    return *url;
}

bool take_protocol_version(const std::string& name, Args& args, CallSpec& call) {
    if (name != "--protocol-version") return false;
    call.protocol_version = args.value(name);
    return true;
}

bool take_call_option(const std::string& name, Args& args, CallSpec& call) {
    if (name == "--tool") {
        call.tool = args.value(name);
    } else if (name == "--message") {
        call.message = args.value(name);
    } else {
        return take_protocol_version(name, args, call);
    }
    return true;
}

UsageError unknown(std::string_view mode, const std::string& name) {
    return UsageError("unknown " + std::string(mode) + " option '" + name + "'");
}

StdioOptions parse_stdio(Args& args) {
    StdioOptions options;
    while (!args.done()) {
        if (args.at_separator()) {
            options.command = args.command();
            break;
        }
        const std::string name = args.name();
        if (take_call_option(name, args, options.call)) continue;
        if (name == "--inflight") {
            options.inflight = to_count(args.value(name), name);
        } else if (name == "--duration") {
            options.duration_s = to_seconds(args.value(name), name, false);
        } else if (name == "--warmup") {
            options.warmup_s = to_seconds(args.value(name), name, true);
        } else if (name == "--quiet-server") {
            args.no_value(name);
            options.quiet_server = true;
        } else {
            throw unknown("stdio", name);
        }
    }
    if (options.command.empty()) throw UsageError("stdio needs -- COMMAND [ARGS...]");
    return options;
}

HttpOptions parse_http(Args& args) {
    HttpOptions options;
    bool has_url = false;
    while (!args.done()) {
        const std::string name = args.name();
        if (take_call_option(name, args, options.call)) continue;
        if (name == "--url") {
            options.url = to_url(args.value(name));
            has_url = true;
        } else if (name == "--connections") {
            options.connections = to_count(args.value(name), name);
        } else if (name == "--threads") {
            options.threads = to_count(args.value(name), name);
        } else if (name == "--duration") {
            options.duration_s = to_seconds(args.value(name), name, false);
        } else if (name == "--warmup") {
            options.warmup_s = to_seconds(args.value(name), name, true);
        } else if (name == "--stateless") {
            args.no_value(name);
            options.stateless = true;
        } else if (name == "--raw") {
            args.no_value(name);
            options.raw = true;
        } else if (name == "--server-pid") {
            options.server_pid = to_pid(args.value(name), name);
        } else {
            throw unknown("http", name);
        }
    }
    if (!has_url) throw UsageError("http needs --url");
    return options;
}

StartupOptions parse_startup(Args& args) {
    StartupOptions options;
    while (!args.done()) {
        if (args.at_separator()) {
            options.command = args.command();
            break;
        }
        const std::string name = args.name();
        if (take_protocol_version(name, args, options.call)) continue;
        if (name == "--runs") {
            options.runs = to_count(args.value(name), name);
        } else if (name == "--settle-ms") {
            options.settle_ms = to_count(args.value(name), name, 0);
        } else if (name == "--quiet-server") {
            args.no_value(name);
            options.quiet_server = true;
        } else {
            throw unknown("startup", name);
        }
    }
    if (options.command.empty()) throw UsageError("startup needs -- COMMAND [ARGS...]");
    return options;
}

SessionsOptions parse_sessions(Args& args) {
    SessionsOptions options;
    bool has_url = false;
    bool has_pid = false;
    while (!args.done()) {
        const std::string name = args.name();
        if (take_protocol_version(name, args, options.call)) continue;
        if (name == "--url") {
            options.url = to_url(args.value(name));
            has_url = true;
        } else if (name == "--sessions") {
            options.sessions = to_count(args.value(name), name);
        } else if (name == "--server-pid") {
            options.server_pid = to_pid(args.value(name), name);
            has_pid = true;
        } else if (name == "--batch") {
            options.batch = to_count(args.value(name), name);
        } else if (name == "--hold-seconds") {
            options.hold_s = to_seconds(args.value(name), name, true);
        } else {
            throw unknown("sessions", name);
        }
    }
    if (!has_url || options.sessions == 0 || !has_pid) {
        throw UsageError("sessions needs --url, --sessions and --server-pid");
    }
    return options;
}

}  // namespace

Options parse_options(const std::vector<std::string>& words) {
    if (words.empty()) throw UsageError("no mode given");
    Args args(words);
    const std::string& mode = words.front();
    if (mode == "stdio") return parse_stdio(args);
    if (mode == "http") return parse_http(args);
    if (mode == "startup") return parse_startup(args);
    if (mode == "sessions") return parse_sessions(args);
    throw UsageError("unknown mode '" + mode + "'");
}

}  // namespace plugboard::bench
