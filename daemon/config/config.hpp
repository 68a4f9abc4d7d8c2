#pragma once

#include <chrono>
#include <cstddef>
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

struct Config {
    ServerSettings server;
    std::vector<std::filesystem::path> plugin_dirs;  // resolved against the config file's folder
    std::vector<PluginSettings> plugins;             // in file order
    Limits limits;
    RegistrySettings registry;
    LoggingSettings logging;
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

const PluginSettings* find_plugin(const Config& config, std::string_view name);

}  // namespace plugboard::config
