#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The daemon's YAML configuration; docs/configuration.md is the reference of every key.
namespace plugboard::config {

struct PluginSettings {
    std::string name;                           // the key under `plugins:`
    std::optional<std::filesystem::path> path;  // resolved against the config file's folder
    bool enabled = true;
    std::optional<std::string> name_space;  // `namespace:`
    std::optional<bool> serialized;
    std::optional<std::chrono::milliseconds> call_timeout;
    std::string config_json = "{}";  // the `config:` block as compact JSON
};

struct Limits {
    std::size_t max_message_bytes = 4 << 20;
    std::chrono::milliseconds call_timeout{60000};
    std::size_t page_size = 100;
    std::size_t max_in_flight_per_session = 256;
    std::size_t plugin_threads = 16;  // threads that run plugin handlers
};

enum class ConflictPolicy { Namespace, Error };

struct RegistrySettings {
    ConflictPolicy on_conflict = ConflictPolicy::Namespace;
    std::string namespace_separator = "_";
};

enum class LogFormat { Text, Json };

struct LoggingSettings {
    std::string level = "info";  // trace, debug, info, warn, error, critical or off
    LogFormat format = LogFormat::Text;
};

struct ServerSettings {
    std::string name = "plugboard";
    std::optional<std::string> instructions;
};

// Where the HTTP transport listens. `host` is an IP literal or a name
// (IPv6 without brackets); port 0 asks the kernel for a free port.
struct ListenAddress {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;

    // "host:port", with brackets around IPv6 hosts.
    std::string to_string() const;

    bool operator==(const ListenAddress&) const = default;
};

struct TlsSettings {
    std::filesystem::path certificate;  // PEM chain; resolved against the config file's folder
    std::filesystem::path private_key;  // PEM
};

// The `http:` section: Streamable HTTP at /mcp and legacy HTTP+SSE at /sse.
struct HttpSettings {
    std::vector<ListenAddress> listen = {ListenAddress{}};
    // Host header values (and Origin hosts) accepted, without port. "*" accepts any.
    // Loaded entries are lowercase; IPv6 hosts keep their brackets.
    std::vector<std::string> allowed_hosts = {"localhost", "127.0.0.1", "[::1]"};
    // Full origins ("https://app.example.com") accepted besides those whose host is allowed.
    // Loaded entries are lowercase, without path and without the scheme's default port.
    std::vector<std::string> allowed_origins;
    std::size_t max_sessions = 1000;
    // Streamable HTTP without sessions: no Mcp-Session-Id; every POST is
    // served on its own, as if initialized, and GET/DELETE are refused.
    bool stateless = false;
    std::chrono::milliseconds session_idle_timeout{30 * 60 * 1000};
    std::size_t max_header_bytes = 16 * 1024;  // request line + headers
    std::size_t max_url_bytes = 4096;
    // A request must arrive in full within this time (slowloris protection).
    std::chrono::milliseconds request_timeout{30000};
    // A write that makes no progress for this long drops the connection.
    std::chrono::milliseconds write_timeout{30000};
    // Keep-alive connections with no request for this long are closed.
    std::chrono::milliseconds idle_connection_timeout{60000};
    std::chrono::milliseconds sse_keepalive_interval{15000};
    std::chrono::milliseconds sse_retry{1000};  // the `retry:` hint sent to clients
    // SEP-1699 polling: close a POST's event stream this long after it opened
    // while its request still runs; the client resumes with Last-Event-ID.
    // 0 keeps streams open until the response.
    std::chrono::milliseconds sse_close_post_streams_after{0};
    std::size_t sse_replay_events = 256;  // per stream, for Last-Event-ID resumption
    std::optional<TlsSettings> tls;
};

struct Config {
    ServerSettings server;
    std::vector<std::filesystem::path> plugin_dirs;  // resolved against the config file's folder
    std::vector<PluginSettings> plugins;             // in file order
    Limits limits;
    RegistrySettings registry;
    LoggingSettings logging;
    HttpSettings http;
    std::filesystem::path source;  // absolute path of the file it came from; empty otherwise
};

struct ConfigError {
    std::string file;
    int line = 0;    // 1-based, 0 = unknown
    int column = 0;  // 1-based byte column, 0 = unknown
    std::string message;

    // "file:line:column: message", leaving out the parts that are unknown.
    std::string to_string() const;
};

// `config` is set exactly when `errors` is empty; errors are in file order.
struct LoadResult {
    std::optional<Config> config;
    std::vector<ConfigError> errors;
};

LoadResult load_file(const std::filesystem::path& file);

// `display_name` names the text in errors; relative paths in it are resolved against `base_dir`.
LoadResult load_string(std::string_view yaml, const std::string& display_name,
                       const std::filesystem::path& base_dir);

// Used when no --config is given; plugin_dirs is left empty for the caller to fill in.
Config built_in_defaults();

// Parses "HOST:PORT", "[IPV6]:PORT" or ":PORT" (all interfaces is not implied: ":PORT" means
// 127.0.0.1). Returns nullopt with `error` set on bad input.
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error);

const PluginSettings* find_plugin(const Config& config, std::string_view name);

}  // namespace plugboard::config
