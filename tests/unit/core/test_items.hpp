// Building blocks shared by the registry, dispatcher and session tests:
// plugin instances made from static descriptors (no .so file) and items
// built from literal definitions.
#pragma once

#include <plugboard/plugin.h>

#include <boost/json/value.hpp>
#include <string_view>

#include "host/plugin_host.hpp"
#include "host/plugin_instance.hpp"
#include "registry/registry.hpp"

namespace plugboard::core_test {

// A handler for items that are never called.
void unused_handler(void* user_data, pb_call* call, const pb_request* request);

// `definition` must outlive the returned item (string literals do).
pb_item make_item(registry::ItemKind kind, std::string_view definition,
                  pb_handler_fn handler = unused_handler, void* user_data = nullptr);

// The descriptor of a plugin called `name`; the name must be a string literal.
const pb_plugin& descriptor_named(const char* name);

// Two plugins of a host that owns no library, for tests that only need
// distinct owners.
struct TwoPlugins {
    explicit TwoPlugins(registry::Registry& registry);
    ~TwoPlugins();

    registry::Registry::Owner owner(host::PluginInstance& plugin,
                                    std::optional<std::string> name_space = std::nullopt) const;

    host::PluginThreads pool{1};
    host::PluginHost host;
    host::PluginInstance alpha;
    host::PluginInstance beta;
};

// Parses text the test expects to be JSON; a parse failure throws.
boost::json::value parse_json(std::string_view text);

}  // namespace plugboard::core_test
