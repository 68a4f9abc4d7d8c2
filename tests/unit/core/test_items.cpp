#include "test_items.hpp"

#include <boost/json/parse.hpp>
#include <chrono>
#include <list>
#include <mutex>

namespace plugboard::core_test {

void unused_handler(void*, pb_call*, const pb_request*) {}

pb_item make_item(registry::ItemKind kind, std::string_view definition, pb_handler_fn handler,
                  void* user_data) {
    pb_item item{};
    item.struct_size = sizeof(pb_item);
    item.kind = static_cast<std::uint32_t>(kind);
    item.definition_json = definition.data();
    item.definition_len = definition.size();
    item.handler = handler;
    item.user_data = user_data;
    item.flags = PB_ITEM_FLAG_NONE;
    return item;
}

const pb_plugin& descriptor_named(const char* name) {
    // PluginInstance keeps a reference, so descriptors live for the process.
    static std::mutex mutex;
    static std::list<pb_plugin> descriptors;
    std::lock_guard lock(mutex);
    for (const auto& descriptor : descriptors) {
        if (std::string_view(descriptor.name) == name) return descriptor;
    }
    pb_plugin& descriptor = descriptors.emplace_back();
    descriptor.struct_size = sizeof(pb_plugin);
    descriptor.abi_major = PB_ABI_MAJOR;
    descriptor.abi_minor = PB_ABI_MINOR;
    descriptor.name = name;
    descriptor.version = "1.0";
    return descriptor;
}

TwoPlugins::TwoPlugins(registry::Registry& registry)
    : host(registry, pool, std::chrono::seconds(1)),
      alpha(host, "alpha.so", descriptor_named("alpha")),
      beta(host, "beta.so", descriptor_named("beta")) {}

TwoPlugins::~TwoPlugins() {
    pool.join();
}

registry::Registry::Owner TwoPlugins::owner(host::PluginInstance& plugin,
                                            std::optional<std::string> name_space) const {
    return {&plugin, plugin.name(), std::move(name_space)};
}

boost::json::value parse_json(std::string_view text) {
    return boost::json::parse(text);
}

}  // namespace plugboard::core_test
