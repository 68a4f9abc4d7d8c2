// Every item of every plugin, in one deterministic order (by the key clients
// use), with name conflicts resolved by namespacing. Readers take an
// immutable snapshot, so listing and lookup never wait for a registration.
#pragma once

#include <plugboard/plugin.h>

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "schema/json_schema.hpp"
#include "uri/uri_template.hpp"

namespace plugboard::host {
class PluginInstance;
}

namespace plugboard::registry {

enum class ItemKind : std::uint32_t {
    Tool = PB_ITEM_TOOL,
    Resource = PB_ITEM_RESOURCE,
    ResourceTemplate = PB_ITEM_RESOURCE_TEMPLATE,
    Prompt = PB_ITEM_PROMPT,
    Completion = PB_ITEM_COMPLETION,
};
inline constexpr std::size_t kItemKindCount = 6;  // indexed by the PB_ITEM_* value

std::string_view to_string(ItemKind kind);
std::optional<ItemKind> item_kind_from(std::uint32_t value);

struct Item {
    ItemKind kind = ItemKind::Tool;
    // What clients use: tool or prompt name (maybe namespaced), resource
    // URI, URI template, or "prompt:<name>" / "resource:<uri>" for
    // completions.
    std::string key;
    std::string plugin_key;  // the key as the plugin registered it
    std::string definition;  // JSON the client sees
    host::PluginInstance* plugin = nullptr;
    std::string plugin_name;
    pb_handler_fn handler = nullptr;
    void* user_data = nullptr;
    bool nonblocking = false;  // PB_ITEM_FLAG_NONBLOCKING: may run on an I/O thread
    std::shared_ptr<const schema::Validator> input_schema;   // tools
    std::shared_ptr<const schema::Validator> output_schema;  // tools that declare one
    std::shared_ptr<const uri::UriTemplate> uri_template;    // resource templates
    std::vector<std::string> required_arguments;             // prompts
};
using ItemPtr = std::shared_ptr<const Item>;

struct Page {
    std::vector<ItemPtr> items;
    std::optional<std::string> next_cursor;
};

class Snapshot {
  public:
    const std::vector<ItemPtr>& items(ItemKind kind) const;
    ItemPtr find(ItemKind kind, std::string_view key) const;
    // The first template (in key order) that matches `uri`, with its values.
    ItemPtr match_template(std::string_view uri, uri::Variables& variables) const;
    // nullopt when the cursor is not one we issued.
    std::optional<Page> page(ItemKind kind, std::optional<std::string_view> cursor,
                             std::size_t page_size) const;

  private:
    friend class Registry;
    std::array<std::vector<ItemPtr>, kItemKindCount> by_kind_;
};

class Registry {
  public:
    struct Settings {
        config::ConflictPolicy on_conflict = config::ConflictPolicy::Namespace;
        std::string namespace_separator = "_";
    };
    // Who is registering: the plugin's identity and namespace setting.
    struct Owner {
        host::PluginInstance* plugin = nullptr;
        std::string name;
        std::optional<std::string> name_space;
    };
    struct AddResult {
        ItemPtr item;       // null on error
        std::string error;  // why the item was refused
    };
    using ChangeListener = std::function<void(ItemKind)>;

    explicit Registry(Settings settings);

    AddResult add(const Owner& owner, const pb_item& item);
    bool remove(host::PluginInstance* plugin, ItemKind kind, std::string_view plugin_key);
    void remove_all(host::PluginInstance* plugin);

    std::shared_ptr<const Snapshot> snapshot() const;

    // Called after each change, outside the registry's lock. Set before
    // plugins load.
    void set_change_listener(ChangeListener listener);

  private:
    AddResult prepare(const Owner& owner, const pb_item& item, const Snapshot& current) const;
    void publish(std::shared_ptr<Snapshot> next, ItemKind kind);

    Settings settings_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Snapshot> current_;
    ChangeListener listener_;
};

// Tool names per the spec's SHOULD: 1-128 of [A-Za-z0-9_.-]. We also keep
// them within 64 because many clients cut longer names.
inline constexpr std::size_t kMaxExposedNameLength = 64;
bool is_valid_tool_name(std::string_view name);

}  // namespace plugboard::registry
