#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "config/config.hpp"
#include "config/diagnostics.hpp"
#include "config/host_syntax.hpp"
#include "config/node_reader.hpp"
#include "config/utf8.hpp"
#include "config/yaml_json.hpp"

namespace plugboard::config {
namespace {

namespace fs = std::filesystem;
using detail::Diagnostics;
using detail::Entry;
using detail::Field;
using detail::KeyedEntry;

constexpr std::uint64_t kMinMessageBytes = 1024;
constexpr std::uint64_t kMaxMessageBytes = std::uint64_t{1} << 30;
constexpr std::uint64_t kOneDayMs = 24 * 60 * 60 * 1000;
constexpr std::uint64_t kMaxPageSize = 1000;
constexpr std::uint64_t kMaxInFlightPerSession = 65536;
constexpr std::uint64_t kMaxPluginThreads = 1024;
constexpr std::uint64_t kMaxSessions = 1000000;
constexpr std::uint64_t kOneMiB = 1 << 20;
constexpr std::uint64_t kMinHeaderBytes = 1024;
constexpr std::uint64_t kMinUrlBytes = 256;
constexpr std::uint64_t kMaxReplayEvents = 1000000;

constexpr std::string_view kPluginKeyHint = "the plugin's own settings belong under 'config:'";

// Plugin names and namespaces end up in tool names, which clients restrict to these characters.
bool is_identifier(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

std::string identifier_rule(std::string_view what, std::string_view text) {
    return std::string(what) + " '" + std::string(text) +
           "' may only contain letters, digits, '_' and '-'";
}

std::chrono::milliseconds to_milliseconds(std::uint64_t count) {
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(count));
}

// Reads the YAML tree into a Config, one section per function.
class ConfigReader {
  public:
    ConfigReader(fs::path base_dir, Diagnostics& diagnostics)
        : base_dir_(std::move(base_dir)), diagnostics_(diagnostics) {}

    void read(const YAML::Node& root, Config& config) {
        if (!root.IsMap() && !root.IsNull()) {
            diagnostics_.report(root.Mark(),
                                "expected a mapping of sections (server:, plugins:, "
                                "...), got " +
                                    detail::describe(root));
            return;
        }
        const Field sections[] = {
            {"server", [&](const Entry& entry) { read_server(entry, config.server); }},
            {"plugin_dirs",
             [&](const Entry& entry) { read_plugin_dirs(entry, config.plugin_dirs); }},
            {"plugins", [&](const Entry& entry) { read_plugins(entry, config.plugins); }},
            {"limits", [&](const Entry& entry) { read_limits(entry, config.limits); }},
            {"registry", [&](const Entry& entry) { read_registry(entry, config.registry); }},
            {"logging", [&](const Entry& entry) { read_logging(entry, config.logging); }},
            {"http", [&](const Entry& entry) { read_http(entry, config.http); }},
        };
        detail::read_fields(Entry{"", root, root.Mark()}, sections, diagnostics_);
    }

  private:
    fs::path resolve(const std::string& text) const {
        const fs::path path(text);
        return (path.is_absolute() ? path : base_dir_ / path).lexically_normal();
    }

    Field size_field(std::string_view key, std::uint64_t min, std::uint64_t max,
                     std::size_t& target) {
        return Field{key, [this, min, max, target = &target](const Entry& entry) {
                         if (auto value = detail::read_integer(entry, min, max, diagnostics_)) {
                             *target = static_cast<std::size_t>(*value);
                         }
                     }};
    }

    Field duration_field(std::string_view key, std::uint64_t min_ms, std::uint64_t max_ms,
                         std::chrono::milliseconds& target) {
        return Field{key, [this, min_ms, max_ms, target = &target](const Entry& entry) {
                         if (auto ms = detail::read_integer(entry, min_ms, max_ms, diagnostics_)) {
                             *target = to_milliseconds(*ms);
                         }
                     }};
    }

    void read_server(const Entry& section, ServerSettings& server) {
        const Field fields[] = {
            {"name",
             [&](const Entry& entry) {
                 if (auto name = detail::read_string(entry, diagnostics_)) server.name = *name;
             }},
            {"instructions",
             [&](const Entry& entry) {
                 server.instructions = detail::read_string(entry, diagnostics_);
             }},
        };
        detail::read_fields(section, fields, diagnostics_);
    }

    void read_plugin_dirs(const Entry& section, std::vector<fs::path>& plugin_dirs) {
        const auto items = detail::sequence_items(section, diagnostics_);
        if (!items) return;
        for (const Entry& item : *items) {
            if (auto dir = detail::read_string(item, diagnostics_)) {
                plugin_dirs.push_back(resolve(*dir));
            }
        }
    }

    void read_plugins(const Entry& section, std::vector<PluginSettings>& plugins) {
        for (const KeyedEntry& keyed : detail::mapping_entries(section, diagnostics_)) {
            if (!is_identifier(keyed.key)) {
                diagnostics_.report(keyed.key_mark, identifier_rule("plugin name", keyed.key));
            }
            plugins.push_back(read_plugin(keyed));
        }
    }

    PluginSettings read_plugin(const KeyedEntry& block) {
        PluginSettings plugin;
        plugin.name = block.key;
        const Field fields[] = {
            {"path",
             [&](const Entry& entry) {
                 if (auto path = detail::read_string(entry, diagnostics_)) {
                     plugin.path = resolve(*path);
                 }
             }},
            {"enabled",
             [&](const Entry& entry) {
                 if (auto enabled = detail::read_bool(entry, diagnostics_))
                     plugin.enabled = *enabled;
             }},
            {"namespace",
             [&](const Entry& entry) {
                 auto name_space = detail::read_string(entry, diagnostics_);
                 if (name_space && !is_identifier(*name_space)) {
                     diagnostics_.report(
                         entry.mark, entry.path + ": " + identifier_rule("namespace", *name_space));
                     return;
                 }
                 plugin.name_space = std::move(name_space);
             }},
            {"serialized",
             [&](const Entry& entry) {
                 plugin.serialized = detail::read_bool(entry, diagnostics_);
             }},
            {"call_timeout_ms",
             [&](const Entry& entry) {
                 if (auto ms = detail::read_integer(entry, 1, kOneDayMs, diagnostics_)) {
                     plugin.call_timeout = to_milliseconds(*ms);
                 }
             }},
            {"config",
             [&](const Entry& entry) {
                 if (auto json = detail::config_block_to_json(entry, diagnostics_)) {
                     plugin.config_json = std::move(*json);
                 }
             }},
        };
        detail::read_fields(block.entry, fields, diagnostics_, kPluginKeyHint);
        return plugin;
    }

    void read_limits(const Entry& section, Limits& limits) {
        const Field fields[] = {
            size_field("max_message_bytes", kMinMessageBytes, kMaxMessageBytes,
                       limits.max_message_bytes),
            duration_field("call_timeout_ms", 1, kOneDayMs, limits.call_timeout),
            size_field("page_size", 1, kMaxPageSize, limits.page_size),
            size_field("max_in_flight_per_session", 1, kMaxInFlightPerSession,
                       limits.max_in_flight_per_session),
            size_field("plugin_threads", 1, kMaxPluginThreads, limits.plugin_threads),
        };
        detail::read_fields(section, fields, diagnostics_);
    }

    void read_registry(const Entry& section, RegistrySettings& registry) {
        static constexpr std::string_view kPolicies[] = {"namespace", "error"};
        static constexpr std::string_view kSeparators[] = {"_", "-", "."};
        const Field fields[] = {
            {"on_conflict",
             [&](const Entry& entry) {
                 if (auto index = detail::read_choice(entry, kPolicies, diagnostics_)) {
                     registry.on_conflict =
                         *index == 0 ? ConflictPolicy::Namespace : ConflictPolicy::Error;
                 }
             }},
            {"namespace_separator",
             [&](const Entry& entry) {
                 if (auto index = detail::read_choice(entry, kSeparators, diagnostics_)) {
                     registry.namespace_separator = std::string(kSeparators[*index]);
                 }
             }},
        };
        detail::read_fields(section, fields, diagnostics_);
    }

    void read_logging(const Entry& section, LoggingSettings& logging) {
        static constexpr std::string_view kLevels[] = {"trace", "debug",    "info", "warn",
                                                       "error", "critical", "off"};
        static constexpr std::string_view kFormats[] = {"text", "json"};
        const Field fields[] = {
            {"level",
             [&](const Entry& entry) {
                 if (auto index = detail::read_choice(entry, kLevels, diagnostics_)) {
                     logging.level = std::string(kLevels[*index]);
                 }
             }},
            {"format",
             [&](const Entry& entry) {
                 if (auto index = detail::read_choice(entry, kFormats, diagnostics_)) {
                     logging.format = *index == 0 ? LogFormat::Text : LogFormat::Json;
                 }
             }},
        };
        detail::read_fields(section, fields, diagnostics_);
    }

    void read_http(const Entry& section, HttpSettings& http) {
        const Field fields[] = {
            {"listen", [&](const Entry& entry) { read_listen(entry, http.listen); }},
            {"allowed_hosts",
             [&](const Entry& entry) { read_allowed_hosts(entry, http.allowed_hosts); }},
            {"allowed_origins",
             [&](const Entry& entry) { read_allowed_origins(entry, http.allowed_origins); }},
            size_field("max_sessions", 1, kMaxSessions, http.max_sessions),
            {"stateless",
             [&](const Entry& entry) {
                 if (auto stateless = detail::read_bool(entry, diagnostics_))
                     http.stateless = *stateless;
             }},
            duration_field("session_idle_timeout_ms", 1, kOneDayMs, http.session_idle_timeout),
            size_field("max_header_bytes", kMinHeaderBytes, kOneMiB, http.max_header_bytes),
            size_field("max_url_bytes", kMinUrlBytes, kOneMiB, http.max_url_bytes),
            duration_field("request_timeout_ms", 1, kOneDayMs, http.request_timeout),
            duration_field("write_timeout_ms", 1, kOneDayMs, http.write_timeout),
            duration_field("idle_connection_timeout_ms", 1, kOneDayMs,
                           http.idle_connection_timeout),
            {"sse", [&](const Entry& entry) { read_sse(entry, http); }},
            {"tls", [&](const Entry& entry) { http.tls = read_tls(entry); }},
        };
        detail::read_fields(section, fields, diagnostics_);
    }

    // One address or a list of them.
    void read_listen(const Entry& entry, std::vector<ListenAddress>& listen) {
        std::vector<Entry> items{entry};
        if (entry.value.IsSequence()) {
            items = *detail::sequence_items(entry, diagnostics_);
            if (items.empty()) {
                diagnostics_.report(entry.mark, entry.path + ": needs at least one address");
                return;
            }
        }
        listen.clear();
        for (const Entry& item : items) {
            const auto text = detail::read_string(item, diagnostics_);
            if (!text) continue;
            std::string error;
            if (auto address = parse_listen_address(*text, error)) {
                listen.push_back(std::move(*address));
            } else {
                diagnostics_.report(item.mark, item.path + ": " + error);
            }
        }
    }

    void read_allowed_hosts(const Entry& entry, std::vector<std::string>& hosts) {
        if (entry.value.IsNull() || (entry.value.IsSequence() && entry.value.size() == 0)) {
            diagnostics_.report(entry.mark, entry.path +
                                                ": an empty list refuses every request; use "
                                                "\"*\" to accept any host");
            return;
        }
        read_normalized_list(entry, detail::normalize_allowed_host, hosts);
    }

    void read_allowed_origins(const Entry& entry, std::vector<std::string>& origins) {
        read_normalized_list(entry, detail::normalize_origin, origins);
    }

    // Replaces `target` with the list's items as `normalize` rewrites them.
    void read_normalized_list(const Entry& entry,
                              std::optional<std::string> (*normalize)(std::string_view,
                                                                      std::string&),
                              std::vector<std::string>& target) {
        const auto items = detail::sequence_items(entry, diagnostics_);
        if (!items) return;
        target.clear();
        for (const Entry& item : *items) {
            const auto text = detail::read_string(item, diagnostics_);
            if (!text) continue;
            std::string error;
            if (auto normalized = normalize(*text, error)) {
                target.push_back(std::move(*normalized));
            } else {
                diagnostics_.report(item.mark, item.path + ": " + error);
            }
        }
    }

    void read_sse(const Entry& section, HttpSettings& http) {
        const Field fields[] = {
            duration_field("keepalive_interval_ms", 1, kOneDayMs, http.sse_keepalive_interval),
            duration_field("retry_ms", 0, kOneDayMs, http.sse_retry),
            duration_field("close_post_streams_after_ms", 0, kOneDayMs,
                           http.sse_close_post_streams_after),
            size_field("replay_events", 0, kMaxReplayEvents, http.sse_replay_events),
        };
        detail::read_fields(section, fields, diagnostics_);
    }

    std::optional<TlsSettings> read_tls(const Entry& section) {
        if (!detail::expect_mapping(section, diagnostics_)) return std::nullopt;
        std::optional<fs::path> certificate;
        std::optional<fs::path> private_key;
        const auto path_field = [&](std::string_view key, std::optional<fs::path>& target) {
            return Field{key, [this, target = &target](const Entry& entry) {
                             if (auto path = detail::read_string(entry, diagnostics_)) {
                                 *target = resolve(*path);
                             }
                         }};
        };
        const Field fields[] = {
            path_field("certificate", certificate),
            path_field("private_key", private_key),
        };
        detail::read_fields(section, fields, diagnostics_);
        for (const Field& field : fields) {
            if (section.value[std::string(field.key)]) continue;
            diagnostics_.report(section.mark, section.path + ": '" + std::string(field.key) +
                                                  "' is missing; TLS needs both certificate "
                                                  "and private_key");
        }
        if (!certificate || !private_key) return std::nullopt;
        return TlsSettings{std::move(*certificate), std::move(*private_key)};
    }

    fs::path base_dir_;
    Diagnostics& diagnostics_;
};

LoadResult failed(Diagnostics& diagnostics) {
    return LoadResult{std::nullopt, diagnostics.take()};
}

}  // namespace

LoadResult load_string(std::string_view yaml, const std::string& display_name,
                       const fs::path& base_dir) {
    Diagnostics diagnostics(display_name);
    // yaml-cpp passes invalid bytes through, and plugins are promised UTF-8 JSON.
    if (const auto invalid = detail::find_invalid_utf8(yaml)) {
        diagnostics.report(invalid->line, invalid->column, "the file is not valid UTF-8 here");
        return failed(diagnostics);
    }
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(yaml));
    } catch (const YAML::Exception& error) {
        diagnostics.report(error.mark, "syntax error: " + error.msg);
        return failed(diagnostics);
    }
    for (std::size_t i = 1; i < documents.size(); ++i) {
        if (!documents[i].IsNull()) {
            diagnostics.report(documents[i].Mark(),
                               "a second YAML document starts here; the configuration is one");
        }
    }
    Config config;
    if (!documents.empty()) ConfigReader(base_dir, diagnostics).read(documents.front(), config);
    if (!diagnostics.empty()) return failed(diagnostics);
    return LoadResult{std::move(config), {}};
}

LoadResult load_file(const fs::path& file) {
    Diagnostics diagnostics(file.string());
    std::error_code error;
    if (fs::is_directory(file, error)) {
        diagnostics.report(0, 0, "is a directory, not a configuration file");
        return failed(diagnostics);
    }
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        diagnostics.report(0, 0, "cannot open: " + std::generic_category().message(errno));
        return failed(diagnostics);
    }
    const std::string text{std::istreambuf_iterator<char>(stream),
                           std::istreambuf_iterator<char>()};
    if (stream.bad()) {
        diagnostics.report(0, 0, "cannot read: " + std::generic_category().message(errno));
        return failed(diagnostics);
    }
    fs::path source = fs::absolute(file, error).lexically_normal();
    if (error) source = file;
    LoadResult result = load_string(text, file.string(), source.parent_path());
    if (result.config) result.config->source = std::move(source);
    return result;
}

}  // namespace plugboard::config
