// The pb_host_api table: the C functions plugins call. Each one is a thin
// shim that finds the call or plugin behind a handle and never lets an
// exception or a bad pointer reach the plugin.
#include <spdlog/spdlog.h>

#include <cstring>

#include "host/plugin_host.hpp"

namespace plugboard::host {
namespace {

spdlog::level::level_enum to_spdlog(std::int32_t level) {
    switch (level) {
        case PB_LOG_DEBUG:
            return spdlog::level::debug;
        case PB_LOG_INFO:
        case PB_LOG_NOTICE:
            return spdlog::level::info;
        case PB_LOG_WARNING:
            return spdlog::level::warn;
        case PB_LOG_ERROR:
            return spdlog::level::err;
        default:
            return level > PB_LOG_ERROR ? spdlog::level::critical : spdlog::level::info;
    }
}

void write_error(char* buffer, std::size_t capacity, std::string_view message) {
    if (buffer == nullptr || capacity == 0) return;
    const std::size_t length = std::min(capacity - 1, message.size());
    std::memcpy(buffer, message.data(), length);
    buffer[length] = '\0';
}

std::shared_ptr<Call> live_call(pb_call* handle, const char* function) {
    auto call = CallTable::instance().find(handle);
    if (!call)
        spdlog::warn("a plugin called {} on a call that is already completed or unknown", function);
    return call;
}

void complete(pb_call* handle, std::int32_t status, const char* json,
              std::size_t json_len) noexcept {
    try {
        auto call = CallTable::instance().find(handle);
        if (!call) {
            spdlog::warn("a plugin completed a call twice, or a call it was never given; ignored");
            return;
        }
        const std::string_view payload =
            json ? std::string_view(json, json_len) : std::string_view{};
        if (!call->complete_from_plugin(status, payload)) return;
        CallTable::instance().erase(handle);
        call->plugin().calls_in_flight.fetch_sub(1, std::memory_order_acq_rel);
    } catch (const std::exception& error) {
        spdlog::error("completing a call failed: {}", error.what());
    }
}

std::int32_t is_cancelled(pb_call* handle) noexcept {
    auto call = CallTable::instance().find(handle);
    // A call the host no longer knows is over: tell the plugin to stop.
    return !call || call->cancelled() ? 1 : 0;
}

void on_cancel(pb_call* handle, pb_cancel_fn fn, void* user_data) noexcept {
    if (auto call = live_call(handle, "on_cancel")) call->set_cancel_callback(fn, user_data);
}

void progress(pb_call* handle, double value, double total, const char* message) noexcept {
    try {
        if (auto call = live_call(handle, "progress")) call->report_progress(value, total, message);
    } catch (const std::exception& error) {
        spdlog::error("progress notification failed: {}", error.what());
    }
}

void call_log(pb_call* handle, std::int32_t level, const char* logger, const char* data_json,
              std::size_t data_len) noexcept {
    try {
        auto call = live_call(handle, "call_log");
        if (!call || data_json == nullptr) return;
        call->log(level, logger, std::string_view(data_json, data_len));
    } catch (const std::exception& error) {
        spdlog::error("log notification failed: {}", error.what());
    }
}

void log(pb_host* host, std::int32_t level, const char* message) noexcept {
    if (host == nullptr || message == nullptr) return;
    spdlog::log(to_spdlog(level), "plugin {}: {}", PluginInstance::from(host)->name(), message);
}

void resource_updated(pb_host* host, const char* uri, std::size_t uri_len) noexcept {
    if (host == nullptr || uri == nullptr) return;
    try {
        PluginInstance::from(host)->host().resource_updated(std::string(uri, uri_len));
    } catch (const std::exception& error) {
        spdlog::error("resource update fan-out failed: {}", error.what());
    }
}

std::int32_t register_item(pb_host* host, const pb_item* item, char* error_buf,
                           std::size_t error_cap) noexcept {
    if (host == nullptr || item == nullptr || item->struct_size < offsetof(pb_item, flags)) {
        write_error(error_buf, error_cap, "register_item needs a pb_item with a valid struct_size");
        return PB_ERR_BAD_ARGUMENT;
    }
    try {
        PluginInstance* plugin = PluginInstance::from(host);
        registry::Registry::Owner owner{plugin, plugin->name(), plugin->name_space};
        auto result = plugin->host().registry().add(owner, *item);
        if (!result.item) {
            spdlog::warn("plugin {} ({}): refused an item: {}", plugin->name(),
                         plugin->path().filename().string(), result.error);
            write_error(error_buf, error_cap, result.error);
            return PB_ERR_INVALID_PARAMS;
        }
        return PB_OK;
    } catch (const std::exception& error) {
        write_error(error_buf, error_cap, error.what());
        return PB_ERR_INTERNAL;
    }
}

std::int32_t unregister_item(pb_host* host, std::uint32_t kind, const char* key,
                             std::size_t key_len) noexcept {
    auto item_kind = registry::item_kind_from(kind);
    if (host == nullptr || key == nullptr || !item_kind) return PB_ERR_BAD_ARGUMENT;
    try {
        PluginInstance* plugin = PluginInstance::from(host);
        const std::string plugin_key(key, key_len);
        auto& registry = plugin->host().registry();
        bool removed = false;
        if (*item_kind == registry::ItemKind::Completion) {
            // Completions are keyed by their reference: a prompt name or a template.
            removed = registry.remove(plugin, *item_kind, "prompt:" + plugin_key) ||
                      registry.remove(plugin, *item_kind, "resource:" + plugin_key);
        } else {
            removed = registry.remove(plugin, *item_kind, plugin_key);
        }
        return removed ? PB_OK : PB_ERR_NOT_FOUND;
    } catch (const std::exception&) {
        return PB_ERR_INTERNAL;
    }
}

void ask_client(pb_call* handle, std::int32_t what, const char* params_json, std::size_t params_len,
                pb_answer_fn answer, void* user_data) noexcept {
    if (answer == nullptr) return;
    try {
        auto call = CallTable::instance().find(handle);
        if (!call) {
            static constexpr std::string_view kEnded = "the call has ended";
            answer(user_data, PB_ERR_CANCELLED, kEnded.data(), kEnded.size());
            return;
        }
        std::string params = params_json ? std::string(params_json, params_len) : std::string("{}");
        call->ask_client(what, std::move(params), answer, user_data);
    } catch (const std::exception& error) {
        spdlog::error("ask_client failed: {}", error.what());
    }
}

const pb_host_api kApi = {
    sizeof(pb_host_api), PB_ABI_MAJOR,    PB_ABI_MINOR, complete, is_cancelled,
    on_cancel,           progress,        call_log,     log,      resource_updated,
    register_item,       unregister_item, ask_client,
};

}  // namespace

const pb_host_api& PluginHost::api() {
    return kApi;
}

}  // namespace plugboard::host
