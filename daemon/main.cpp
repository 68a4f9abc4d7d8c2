// plugboard: the command line. Parses arguments, loads the config, sets up
// logging and stdio isolation, and runs the daemon.
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "app/daemon.hpp"
#include "app/logging.hpp"
#include "config/config.hpp"

namespace {

namespace fs = std::filesystem;
using namespace plugboard;

constexpr std::string_view kUsage = R"(Usage:
  plugboard [--config FILE] [--stdio]   serve MCP over stdin/stdout (the default)
  plugboard serve [--config FILE] [--listen HOST:PORT]...
                                        serve MCP over HTTP: Streamable HTTP at /mcp,
                                        legacy HTTP+SSE at /sse (default 127.0.0.1:8080;
                                        --listen replaces the config's http.listen)
  plugboard check-config FILE           validate a config file and exit
  plugboard --version | --help

Without --config, the built-in defaults load every plugin in the bundled
plugin folder. Logs go to stderr; stdout carries protocol frames only.
)";

// The bundled plugins: next to the binary in a build tree, else installed.
fs::path bundled_plugin_dir() {
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path beside = executable.parent_path() / "plugins";
        if (fs::is_directory(beside, error)) return beside;
    }
    return PLUGBOARD_DEFAULT_PLUGIN_DIR;
}

int check_config(const fs::path& file) {
    const auto result = config::load_file(file);
    for (const auto& error : result.errors)
        std::cerr << error.to_string() << '\n';
    if (!result.config) return 1;
    std::cout << file.string() << ": OK\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<fs::path> config_file;
    bool serve_http = false;
    std::vector<config::ListenAddress> listen;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (argument == "--version") {
            std::cout << "plugboard " << PLUGBOARD_VERSION << '\n';
            return 0;
        }
        if (argument == "check-config") {
            if (i + 1 >= argc) {
                std::cerr << "check-config needs a FILE\n" << kUsage;
                return 2;
            }
            return check_config(argv[i + 1]);
        }
        if (argument == "serve" && i == 1) {
            serve_http = true;
        } else if (serve_http && (argument == "--listen" || argument.starts_with("--listen="))) {
            std::string_view text;
            if (argument == "--listen") {
                if (i + 1 >= argc) {
                    std::cerr << "--listen needs HOST:PORT\n" << kUsage;
                    return 2;
                }
                text = argv[++i];
            } else {
                text = argument.substr(9);
            }
            std::string error;
            auto address = config::parse_listen_address(text, error);
            if (!address) {
                std::cerr << "plugboard: --listen " << text << ": " << error << '\n';
                return 2;
            }
            listen.push_back(*address);
        } else if (argument == "--config" && i + 1 < argc) {
            config_file = argv[++i];
        } else if (argument.starts_with("--config=")) {
            config_file = std::string(argument.substr(9));
        } else if (argument != "--stdio" || serve_http) {
            std::cerr << "plugboard: unknown argument \"" << argument << "\"\n" << kUsage;
            return 2;
        }
    }

    config::Config settings;
    if (config_file) {
        auto result = config::load_file(*config_file);
        for (const auto& error : result.errors)
            std::cerr << error.to_string() << '\n';
        if (!result.config) return 1;
        settings = std::move(*result.config);
    } else {
        settings = config::built_in_defaults();
        settings.plugin_dirs.push_back(bundled_plugin_dir());
    }
    if (!listen.empty()) settings.http.listen = std::move(listen);
    if (auto error = app::configure_logging(settings.logging); !error.empty()) {
        std::cerr << "plugboard: " << error << '\n';
        return 1;
    }
    std::signal(SIGPIPE, SIG_IGN);

    int exit_code = 0;
    try {
        const auto fds = app::isolate_stdio();
        app::Daemon daemon(std::move(settings));
        exit_code = serve_http ? daemon.run_http() : daemon.run_stdio(fds);
        // A plugin stuck in a handler must not keep the process alive.
        std::thread([] {
            std::this_thread::sleep_for(std::chrono::seconds(10));
            spdlog::error("plugins did not stop within 10 s of shutdown; exiting anyway");
            std::_Exit(0);
        }).detach();
    } catch (const std::exception& error) {
        spdlog::critical("fatal: {}", error.what());
        return 1;
    }
    spdlog::info("stopped");
    return exit_code;
}
