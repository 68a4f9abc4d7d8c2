// Loads plugins, gives them the host API, and runs their handlers on the
// plugin pool. It knows nothing of sessions or the wire protocol.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "host/call.hpp"
#include "host/plugin_instance.hpp"
#include "host/plugin_threads.hpp"
#include "registry/registry.hpp"

namespace plugboard::host {

class PluginHost {
  public:
    using ResourceUpdatedFn = std::function<void(std::string uri)>;

    PluginHost(registry::Registry& registry, PluginThreads& pool,
               std::chrono::milliseconds default_timeout);
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    void set_resource_updated_listener(ResourceUpdatedFn listener);

    // Loads what the config names: explicit plugin paths, then every *.so of
    // each plugin directory in file-name order. A refused plugin gets one
    // log line naming the file and the reason; the others still load.
    void load_all(const config::Config& config);
    // Loads one file. Returns the reason it was refused, or "" on success.
    std::string load(const std::filesystem::path& path, const config::PluginSettings* settings);

    // Runs the item's handler on the pool, or right here for a nonblocking
    // item. `answer` runs exactly once, on whichever thread the plugin
    // completes from (maybe this one, before start() returns).
    std::shared_ptr<Call> start(registry::ItemPtr item, CallInput input,
                                std::weak_ptr<ClientChannel> channel, AnswerFn answer);

    std::chrono::milliseconds timeout_for(const registry::Item& item) const;

    // Waits up to `grace` for running calls, then calls every plugin's
    // shutdown, in reverse load order.
    void shutdown(std::chrono::milliseconds grace);

    const std::vector<std::unique_ptr<PluginInstance>>& plugins() const { return plugins_; }
    registry::Registry& registry() { return registry_; }
    void resource_updated(std::string uri);

    static const pb_host_api& api();

  private:
    registry::Registry& registry_;
    PluginThreads& pool_;
    std::chrono::milliseconds default_timeout_;
    ResourceUpdatedFn resource_updated_;
    std::vector<std::unique_ptr<PluginInstance>> plugins_;
    bool shut_down_ = false;
};

}  // namespace plugboard::host
