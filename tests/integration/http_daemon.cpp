#include "http_daemon.hpp"

#include <charconv>
#include <stdexcept>
#include <thread>

namespace plugboard::integration {
namespace {

using Clock = std::chrono::steady_clock;

// Indents every line of `text` by two spaces.
std::string indented(std::string_view text) {
    std::string out;
    bool line_start = true;
    for (const char c : text) {
        if (line_start && c != '\n') out += "  ";
        out += c;
        line_start = c == '\n';
    }
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out;
}

// The port of the first `listening on http(s)://HOST:PORT` in `log`;
// nullopt while there is none. (No std::regex: gcc 12 warns inside it under
// ASan.)
std::optional<std::uint16_t> listening_port(std::string_view log) {
    for (const std::string_view scheme : {"http://", "https://"}) {
        const std::string marker = "listening on " + std::string(scheme);
        const auto at = log.find(marker);
        if (at == std::string_view::npos) continue;
        const std::string_view rest = log.substr(at + marker.size());
        const std::string_view address = rest.substr(0, rest.find_first_of(" \t\r\n"));
        // Text after the address proves the port's digits are all there.
        if (address.size() == rest.size()) return std::nullopt;
        const auto colon = address.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        const std::string_view digits = address.substr(colon + 1);
        unsigned port = 0;
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (error != std::errc{} || end != digits.data() + digits.size() || port == 0 ||
            port > 65535) {
            return std::nullopt;
        }
        return static_cast<std::uint16_t>(port);
    }
    return std::nullopt;
}

}  // namespace

std::string render_config(std::string_view http_section, std::string_view other_sections,
                          std::string_view plugins) {
    std::string yaml = "plugins:\n" + std::string(plugins);
    if (!http_section.empty()) yaml += "http:\n" + indented(http_section);
    yaml += other_sections;
    return yaml;
}

HttpDaemon::HttpDaemon(const std::filesystem::path& config, Milliseconds startup_timeout)
    : process_({"serve", "--config", config.string(), "--listen", "127.0.0.1:0"},
               StdoutKind::Text) {
    const auto deadline = Clock::now() + startup_timeout;
    for (;;) {
        if (auto port = listening_port(process_.stderr_text())) {
            port_ = *port;
            return;
        }
        if (auto status = process_.wait_exit(Milliseconds(0))) {
            throw std::runtime_error("plugboard serve exited with status " +
                                     std::to_string(*status) + " before listening; stderr:\n" +
                                     process_.stderr_text());
        }
        if (Clock::now() >= deadline) {
            throw std::runtime_error("plugboard serve logged no listening line within " +
                                     std::to_string(startup_timeout.count()) + " ms; stderr:\n" +
                                     process_.stderr_text());
        }
        std::this_thread::sleep_for(10ms);
    }
}

std::optional<int> HttpDaemon::stop(Milliseconds timeout) {
    process_.terminate();
    return process_.wait_exit(timeout);
}

}  // namespace plugboard::integration
