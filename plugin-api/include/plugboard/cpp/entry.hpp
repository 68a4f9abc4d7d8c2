// The C entry points of a C++ plugin: descriptor, init and shutdown. No
// exception gets past them into the host.
#pragma once

#include <plugboard/plugin.h>
#include <plugboard/cpp/plugin.hpp>
#include <plugboard/cpp/status.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

namespace plugboard {

// Registers the plugin's items; `config` is its `config:` block as JSON.
// An exception fails init with its message.
using SetupFn = void (*)(Plugin& plugin, const nlohmann::json& config);

namespace detail {

inline void write_error(char* buffer, std::size_t capacity, std::string_view message) noexcept {
    if (buffer == nullptr || capacity == 0) return;
    const std::size_t length = std::min(capacity - 1, message.size());
    std::memcpy(buffer, message.data(), length);
    buffer[length] = '\0';
}

template <SetupFn Setup>
std::int32_t init_plugin(pb_host* host, const pb_host_api* api, const char* config_json,
                         std::size_t config_len, void** state, char* error_buf,
                         std::size_t error_cap) noexcept {
    try {
        if (api == nullptr || !PB_HAS_MEMBER(api, pb_host_api, ask_client)) {
            write_error(error_buf, error_cap, "the host's API table lacks ABI 1.0 functions");
            return PB_ERR_UNSUPPORTED;
        }
        const nlohmann::json config =
            parse_or(span(config_json, config_len), nlohmann::json::object());
        auto plugin = std::make_unique<Plugin>(host, api);
        Setup(*plugin, config);
        *state = plugin.release();
        return PB_OK;
    } catch (const ProtocolError& error) {
        write_error(error_buf, error_cap, error.what());
        return static_cast<std::int32_t>(error.status());
    } catch (const RegistrationError& error) {
        write_error(error_buf, error_cap, error.what());
        return static_cast<std::int32_t>(error.status());
    } catch (const std::exception& error) {
        write_error(error_buf, error_cap, error.what());
        return PB_ERR_INTERNAL;
    } catch (...) {
        write_error(error_buf, error_cap, "setup threw an unknown exception");
        return PB_ERR_INTERNAL;
    }
}

inline void shutdown_plugin(void* state) noexcept {
    try {
        delete static_cast<Plugin*>(state);
    } catch (...) {
        // A throwing handler destructor must not take the daemon down.
    }
}

template <SetupFn Setup>
constexpr pb_plugin make_descriptor(const char* name, const char* version, const char* description,
                                    std::uint32_t flags) noexcept {
    return pb_plugin{
        sizeof(pb_plugin),   PB_ABI_MAJOR,    PB_ABI_MINOR, name, version, description, flags, 0,
        &init_plugin<Setup>, &shutdown_plugin};
}

// Any minor of our major will do: newer host functions are checked before use.
inline const pb_plugin* accept_host(const pb_plugin* descriptor,
                                    std::uint16_t host_abi_major) noexcept {
    return host_abi_major == PB_ABI_MAJOR ? descriptor : nullptr;
}

}  // namespace detail
}  // namespace plugboard

// Defines `entry_name` as a pb_entry_fn for a C++ plugin, without exporting
// it: for tests and for programs that link several plugins in.
#define PLUGBOARD_DEFINE_ENTRY(entry_name, name, version, description, flags, setup_fn)         \
    const pb_plugin* entry_name(std::uint16_t host_abi_major,                                   \
                                std::uint16_t /*host_abi_minor*/) noexcept {                    \
        static constexpr pb_plugin descriptor =                                                 \
            ::plugboard::detail::make_descriptor<&setup_fn>(name, version, description, flags); \
        return ::plugboard::detail::accept_host(&descriptor, host_abi_major);                   \
    }

// The exported entry point of a plugin library:
//   PLUGBOARD_PLUGIN("calculator", "1.0.0", "Arithmetic tools", setup)
// with `void setup(plugboard::Plugin&, const nlohmann::json& config)`.
#define PLUGBOARD_PLUGIN(name, version, description, setup_fn)                            \
    extern "C" PB_EXPORT PLUGBOARD_DEFINE_ENTRY(plugboard_plugin_entry_v1, name, version, \
                                                description, PB_PLUGIN_FLAG_NONE, setup_fn)

// The same for a plugin whose handlers must run one at a time.
#define PLUGBOARD_SERIALIZED_PLUGIN(name, version, description, setup_fn)                 \
    extern "C" PB_EXPORT PLUGBOARD_DEFINE_ENTRY(plugboard_plugin_entry_v1, name, version, \
                                                description, PB_PLUGIN_FLAG_SERIALIZED, setup_fn)
