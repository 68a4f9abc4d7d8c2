// plugboard-bench: a load generator for MCP servers over stdio and Streamable HTTP.
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <variant>
#include <vector>

#include "http_driver.hpp"
#include "options.hpp"
#include "sessions_driver.hpp"
#include "startup_driver.hpp"
#include "stdio_driver.hpp"

namespace {

constexpr int kServerFailed = 1;
constexpr int kBadUsage = 2;

template <class... Handlers>
struct Overloaded : Handlers... {
    using Handlers::operator()...;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace plugboard::bench;
    // A server that goes away must show up as an error, not kill us.
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> words(argv + 1, argv + argc);
    if (!words.empty() && (words.front() == "--help" || words.front() == "-h")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    Options options;
    try {
        options = parse_options(words);
    } catch (const UsageError& error) {
        std::fprintf(stderr, "plugboard-bench: %s\n%s", error.what(), kUsage);
        return kBadUsage;
    }
    try {
        return std::visit(
            Overloaded{[](const StdioOptions& mode) { return run_stdio(mode); },
                       [](const HttpOptions& mode) { return run_http(mode); },
                       [](const StartupOptions& mode) { return run_startup(mode); },
                       [](const SessionsOptions& mode) { return run_sessions(mode); }},
            options);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "plugboard-bench: %s\n", error.what());
        return kServerFailed;
    }
}
