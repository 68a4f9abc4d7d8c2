#include "host/plugin_host.hpp"

#define BOOST_DLL_USE_STD_FS
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <thread>

namespace plugboard::host {
namespace {

namespace fs = std::filesystem;

// Libraries are never unloaded: thread-local destructors and callbacks in
// unloaded code crash later. Kept reachable so leak checkers stay quiet.
std::vector<boost::dll::shared_library>& loaded_libraries() {
    static auto* libraries = new std::vector<boost::dll::shared_library>();
    return *libraries;
}

bool is_valid_plugin_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

void refuse(const fs::path& path, std::string_view reason) {
    spdlog::error("plugin {} refused: {}", path.string(), reason);
}

}  // namespace

PluginHost::PluginHost(registry::Registry& registry, PluginThreads& pool,
                       std::chrono::milliseconds default_timeout)
    : registry_(registry), pool_(pool), default_timeout_(default_timeout) {}

PluginHost::~PluginHost() {
    shutdown(std::chrono::milliseconds(0));
}

void PluginHost::set_resource_updated_listener(ResourceUpdatedFn listener) {
    resource_updated_ = std::move(listener);
}

void PluginHost::resource_updated(std::string uri) {
    if (resource_updated_) resource_updated_(std::move(uri));
}

void PluginHost::load_all(const config::Config& config) {
    std::vector<std::string> loaded_paths;
    auto already_loaded = [&](const fs::path& path) {
        std::error_code error;
        const auto canonical = fs::weakly_canonical(path, error).string();
        if (std::find(loaded_paths.begin(), loaded_paths.end(), canonical) != loaded_paths.end()) {
            return true;
        }
        loaded_paths.push_back(canonical);
        return false;
    };

    for (const auto& settings : config.plugins) {
        if (!settings.path) continue;
        if (!settings.enabled) {
            spdlog::info("plugin {} is disabled in the config", settings.name);
            continue;
        }
        if (already_loaded(*settings.path)) continue;
        load(*settings.path, &settings);
    }
    for (const auto& directory : config.plugin_dirs) {
        std::error_code error;
        if (!fs::is_directory(directory, error)) {
            spdlog::warn("plugin directory {} does not exist or is not a directory",
                         directory.string());
            continue;
        }
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(directory, error)) {
            if (entry.path().extension() == ".so") files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            const config::PluginSettings* settings =
                config::find_plugin(config, file.stem().string());
            if (settings && !settings->enabled) {
                spdlog::info("plugin {} is disabled in the config", settings->name);
                continue;
            }
            if (already_loaded(file)) continue;
            load(file, settings);
        }
    }
    const auto snapshot = registry_.snapshot();
    spdlog::info("{} plugin(s) loaded; {} tools, {} resources, {} resource templates, {} prompts",
                 plugins_.size(), snapshot->items(registry::ItemKind::Tool).size(),
                 snapshot->items(registry::ItemKind::Resource).size(),
                 snapshot->items(registry::ItemKind::ResourceTemplate).size(),
                 snapshot->items(registry::ItemKind::Prompt).size());
}

std::string PluginHost::load(const fs::path& path, const config::PluginSettings* settings) {
    auto fail = [&](std::string reason) {
        refuse(path, reason);
        return reason;
    };
    boost::dll::shared_library library;
    try {
        library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& error) {
        return fail(std::string("cannot load the library: ") + error.what());
    }
    if (!library.has(PB_ENTRY_SYMBOL)) {
        return fail("no " PB_ENTRY_SYMBOL
                    " symbol (not a Plugboard plugin, or built for another ABI major)");
    }
    const auto entry = library.get<const pb_plugin*(std::uint16_t, std::uint16_t)>(PB_ENTRY_SYMBOL);
    loaded_libraries().push_back(std::move(library));

    const pb_plugin* descriptor = entry(PB_ABI_MAJOR, PB_ABI_MINOR);
    if (descriptor == nullptr) {
        return fail("its entry point declined host ABI " + std::to_string(PB_ABI_MAJOR) + "." +
                    std::to_string(PB_ABI_MINOR));
    }
    if (descriptor->struct_size < offsetof(pb_plugin, shutdown) + sizeof(descriptor->shutdown)) {
        return fail("its pb_plugin descriptor is too small (struct_size " +
                    std::to_string(descriptor->struct_size) + ")");
    }
    if (descriptor->abi_major != PB_ABI_MAJOR) {
        return fail("built for ABI " + std::to_string(descriptor->abi_major) + "." +
                    std::to_string(descriptor->abi_minor) + ", this daemon speaks ABI " +
                    std::to_string(PB_ABI_MAJOR) + "." + std::to_string(PB_ABI_MINOR));
    }
    if (descriptor->name == nullptr || !is_valid_plugin_name(descriptor->name)) {
        return fail("its name must be non-empty and use only A-Z a-z 0-9 _ -");
    }
    if (descriptor->init == nullptr) return fail("its descriptor has no init function");
    if (descriptor->reserved != 0) return fail("pb_plugin.reserved must be 0");
    for (const auto& plugin : plugins_) {
        if (plugin->name() == descriptor->name) {
            return fail("a plugin named \"" + plugin->name() + "\" is already loaded from " +
                        plugin->path().string());
        }
    }

    auto plugin = std::make_unique<PluginInstance>(*this, path, *descriptor);
    plugin->name_space = settings ? settings->name_space : std::nullopt;
    plugin->call_timeout =
        settings && settings->call_timeout ? *settings->call_timeout : default_timeout_;
    const bool serialized = settings && settings->serialized
                                ? *settings->serialized
                                : (descriptor->flags & PB_PLUGIN_FLAG_SERIALIZED) != 0;
    if (serialized) plugin->strand.emplace(pool_.make_strand());

    const std::string config_json = settings ? settings->config_json : "{}";
    char error[512] = {0};
    std::int32_t status = PB_ERR_INTERNAL;
    try {
        status = descriptor->init(plugin->handle(), &api(), config_json.data(), config_json.size(),
                                  &plugin->state, error, sizeof error);
    } catch (...) {
        std::snprintf(error, sizeof error, "init threw an exception");
    }
    if (status != PB_OK) {
        registry_.remove_all(plugin.get());
        error[sizeof error - 1] = '\0';
        return fail(std::string("init failed: ") + (error[0] ? error : "no reason given"));
    }
    plugin->initialized = true;
    spdlog::info("plugin {} {} loaded from {}", plugin->name(),
                 descriptor->version ? descriptor->version : "", path.string());
    plugins_.push_back(std::move(plugin));
    return {};
}

std::shared_ptr<Call> PluginHost::start(registry::ItemPtr item, CallInput input,
                                        std::weak_ptr<ClientChannel> channel, AnswerFn answer) {
    auto call = CallTable::instance().create(std::move(item), std::move(input), std::move(channel),
                                             std::move(answer));
    PluginInstance& plugin = call->plugin();
    plugin.calls_in_flight.fetch_add(1, std::memory_order_acq_rel);
    auto run = [call] {
        static constexpr std::string_view kFailed = "the plugin failed";
        const auto& served = call->item();
        try {
            served.handler(served.user_data, call->handle(), &call->request());
        } catch (const std::exception& error) {
            spdlog::error("plugin {}: {} \"{}\" threw: {}", served.plugin_name,
                          registry::to_string(served.kind), served.plugin_key, error.what());
            api().complete(call->handle(), PB_ERR_INTERNAL, kFailed.data(), kFailed.size());
        } catch (...) {
            spdlog::error("plugin {}: {} \"{}\" threw a non-standard exception", served.plugin_name,
                          registry::to_string(served.kind), served.plugin_key);
            api().complete(call->handle(), PB_ERR_INTERNAL, kFailed.data(), kFailed.size());
        }
    };
    if (plugin.strand) {
        pool_.post(*plugin.strand, std::move(run));
    } else if (call->item().nonblocking) {
        run();  // the handler promised not to block: no hand-off
    } else {
        pool_.post(std::move(run));
    }
    return call;
}

std::chrono::milliseconds PluginHost::timeout_for(const registry::Item& item) const {
    return item.plugin ? item.plugin->call_timeout : default_timeout_;
}

void PluginHost::shutdown(std::chrono::milliseconds grace) {
    if (shut_down_) return;
    shut_down_ = true;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    auto busy = [&] {
        return std::any_of(plugins_.begin(), plugins_.end(), [](const auto& plugin) {
            return plugin->calls_in_flight.load(std::memory_order_acquire) > 0;
        });
    };
    while (busy() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
        auto& plugin = **it;
        if (const auto running = plugin.calls_in_flight.load()) {
            spdlog::warn("plugin {} still has {} call(s) running at shutdown", plugin.name(),
                         running);
        }
        if (plugin.descriptor().shutdown) {
            try {
                plugin.descriptor().shutdown(plugin.state);
            } catch (...) {
                spdlog::error("plugin {}: shutdown threw an exception", plugin.name());
            }
        }
    }
}

}  // namespace plugboard::host
