// The conformance fixture: what @modelcontextprotocol/conformance 0.1.16's
// server scenarios call, on the raw C ABI. See README.md.
#include <plugboard/plugin.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "context.hpp"
#include "host_calls.hpp"
#include "items.hpp"

namespace plugboard::conformance {
namespace {

// An hour: anything longer is a typo, not a test setting.
constexpr std::uint64_t kMaxMilliseconds = 3'600'000;

std::chrono::milliseconds milliseconds_setting(const Json& config, const char* key,
                                               std::chrono::milliseconds fallback) {
    auto member = config.find(key);
    if (member == config.end()) return fallback;
    if (!member->is_number_unsigned() || member->get<std::uint64_t>() > kMaxMilliseconds) {
        throw std::invalid_argument(std::string("config key '") + key +
                                    "' must be an integer from 0 to 3600000 (milliseconds)");
    }
    return std::chrono::milliseconds(member->get<std::uint64_t>());
}

Settings read_settings(const char* config_json, size_t config_len) {
    const Json config = parse_span(config_json, config_len);
    if (!config.is_object()) throw std::invalid_argument("the config must be an object");
    Settings defaults;
    return Settings{
        milliseconds_setting(config, "reconnection_delay_ms", defaults.reconnection_delay),
        milliseconds_setting(config, "watched_resource_interval_ms",
                             defaults.watched_resource_interval)};
}

std::vector<ItemSpec> all_items() {
    std::vector<ItemSpec> items;
    for (auto group : {content_tools, timed_tools, client_request_tools, resources, prompts}) {
        std::vector<ItemSpec> more = group();
        items.insert(items.end(), more.begin(), more.end());
    }
    return items;
}

int32_t init(pb_host* host, const pb_host_api* api, const char* config_json, size_t config_len,
             void** state, char* error_buf, size_t error_cap) noexcept {
    Settings settings;
    try {
        settings = read_settings(config_json, config_len);
    } catch (const std::exception& error) {
        std::snprintf(error_buf, error_cap, "bad config: %s", error.what());
        return PB_ERR_INVALID_PARAMS;
    }
    try {
        auto context = std::make_unique<Context>(host, api, settings);
        register_items(*context, all_items());
        start_watched_resource_updates(*context);
        *state = context.release();
        return PB_OK;
    } catch (const std::exception& error) {
        std::snprintf(error_buf, error_cap, "%s", error.what());
        return PB_ERR_INTERNAL;
    }
}

void shutdown(void* state) noexcept {
    delete static_cast<Context*>(state);
}

constexpr pb_plugin kPlugin = {
    .struct_size = sizeof(pb_plugin),
    .abi_major = PB_ABI_MAJOR,
    .abi_minor = PB_ABI_MINOR,
    .name = "conformance",
    .version = "0.1.16",
    .description = "Test fixture for the @modelcontextprotocol/conformance server scenarios.",
    .flags = PB_PLUGIN_FLAG_NONE,
    .reserved = 0,
    .init = init,
    .shutdown = shutdown,
};

}  // namespace
}  // namespace plugboard::conformance

extern "C" PB_EXPORT const pb_plugin* plugboard_plugin_entry_v1(uint16_t host_abi_major,
                                                                uint16_t /*host_abi_minor*/) {
    return host_abi_major == PB_ABI_MAJOR ? &plugboard::conformance::kPlugin : nullptr;
}
