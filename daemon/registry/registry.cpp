#include "registry/registry.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstddef>

#include "registry/cursor.hpp"

namespace plugboard::registry {
namespace {

namespace bj = boost::json;

const bj::string* string_member(const bj::object& object, std::string_view key) {
    const bj::value* value = object.if_contains(key);
    return value ? value->if_string() : nullptr;
}

bool key_less(const ItemPtr& item, std::string_view key) {
    return item->key < key;
}

std::vector<ItemPtr>::const_iterator lower_bound_key(const std::vector<ItemPtr>& items,
                                                     std::string_view key) {
    return std::lower_bound(items.begin(), items.end(), key, key_less);
}

}  // namespace

std::string_view to_string(ItemKind kind) {
    switch (kind) {
        case ItemKind::Tool:
            return "tool";
        case ItemKind::Resource:
            return "resource";
        case ItemKind::ResourceTemplate:
            return "resource template";
        case ItemKind::Prompt:
            return "prompt";
        case ItemKind::Completion:
            return "completion";
    }
    return "item";
}

std::optional<ItemKind> item_kind_from(std::uint32_t value) {
    if (value < PB_ITEM_TOOL || value > PB_ITEM_COMPLETION) return std::nullopt;
    return static_cast<ItemKind>(value);
}

bool is_valid_tool_name(std::string_view name) {
    if (name.empty() || name.size() > 128) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
}

// ---- Snapshot --------------------------------------------------------------

const std::vector<ItemPtr>& Snapshot::items(ItemKind kind) const {
    return by_kind_[static_cast<std::size_t>(kind)];
}

ItemPtr Snapshot::find(ItemKind kind, std::string_view key) const {
    const auto& list = items(kind);
    auto it = lower_bound_key(list, key);
    return it != list.end() && (*it)->key == key ? *it : nullptr;
}

ItemPtr Snapshot::match_template(std::string_view uri, uri::Variables& variables) const {
    for (const auto& item : items(ItemKind::ResourceTemplate)) {
        if (auto match = item->uri_template->match(uri)) {
            variables = std::move(*match);
            return item;
        }
    }
    return nullptr;
}

std::optional<Page> Snapshot::page(ItemKind kind, std::optional<std::string_view> cursor,
                                   std::size_t page_size) const {
    const auto& list = items(kind);
    auto begin = list.begin();
    if (cursor) {
        auto after = decode_cursor(*cursor);
        if (!after) return std::nullopt;
        begin = std::upper_bound(
            list.begin(), list.end(), *after,
            [](const std::string& key, const ItemPtr& item) { return key < item->key; });
    }
    Page page;
    const auto available = static_cast<std::size_t>(list.end() - begin);
    const auto count = std::min(available, page_size);
    page.items.assign(begin, begin + static_cast<std::ptrdiff_t>(count));
    if (count < available) page.next_cursor = encode_cursor(page.items.back()->key);
    return page;
}

// ---- Registry --------------------------------------------------------------

Registry::Registry(Settings settings)
    : settings_(std::move(settings)), current_(std::make_shared<Snapshot>()) {}

void Registry::set_change_listener(ChangeListener listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

std::shared_ptr<const Snapshot> Registry::snapshot() const {
    std::lock_guard lock(mutex_);
    return current_;
}

Registry::AddResult Registry::prepare(const Owner& owner, const pb_item& raw,
                                      const Snapshot& current) const {
    const auto kind = item_kind_from(raw.kind);
    if (!kind) return {nullptr, "unknown item kind " + std::to_string(raw.kind)};
    const std::string_view kind_name = to_string(*kind);
    if (raw.definition_json == nullptr)
        return {nullptr, std::string(kind_name) + " without a definition"};
    if (raw.handler == nullptr && *kind != ItemKind::Resource) {
        return {nullptr, std::string(kind_name) + " without a handler"};
    }
    if (raw.struct_size >= offsetof(pb_item, reserved) + sizeof raw.reserved && raw.reserved != 0) {
        return {nullptr, "pb_item.reserved must be 0"};
    }

    boost::system::error_code parse_error;
    bj::value parsed =
        bj::parse(std::string_view(raw.definition_json, raw.definition_len), parse_error);
    if (parse_error) {
        return {nullptr,
                std::string(kind_name) + " definition is not valid JSON: " + parse_error.message()};
    }
    bj::object* definition = parsed.if_object();
    if (!definition) return {nullptr, std::string(kind_name) + " definition must be a JSON object"};

    auto item = std::make_shared<Item>();
    item->kind = *kind;
    item->plugin = owner.plugin;
    item->plugin_name = owner.name;
    item->handler = raw.handler;
    item->user_data = raw.user_data;
    item->nonblocking = raw.struct_size >= offsetof(pb_item, flags) + sizeof raw.flags &&
                        (raw.flags & PB_ITEM_FLAG_NONBLOCKING) != 0;

    // Tools and prompts are found by name, which may need a namespace.
    auto exposed_name = [&](std::string_view name) -> std::optional<std::string> {
        const std::string& separator = settings_.namespace_separator;
        if (owner.name_space) return *owner.name_space + separator + std::string(name);
        const auto existing = current.find(*kind, name);
        if (!existing) return std::string(name);
        if (existing->plugin == owner.plugin)
            return std::string(name);  // refused below: its own name
        if (settings_.on_conflict == config::ConflictPolicy::Error) return std::nullopt;
        return owner.name + separator + std::string(name);
    };
    auto clash = [&](const std::string& key) {
        const auto existing = current.find(*kind, key);
        return std::string(kind_name) + " \"" + key + "\" is already provided by plugin \"" +
               existing->plugin_name + "\"";
    };

    switch (*kind) {
        case ItemKind::Tool:
        case ItemKind::Prompt: {
            const bj::string* name = string_member(*definition, "name");
            if (!name || name->empty())
                return {nullptr, std::string(kind_name) + " definition needs a non-empty \"name\""};
            item->plugin_key = std::string(*name);
            if (*kind == ItemKind::Tool && !is_valid_tool_name(item->plugin_key)) {
                return {nullptr, "tool name \"" + item->plugin_key +
                                     "\" must be 1-128 characters of A-Z a-z 0-9 _ - ."};
            }
            auto exposed = exposed_name(item->plugin_key);
            if (!exposed)
                return {nullptr, clash(item->plugin_key) + " (registry.on_conflict is \"error\")"};
            if (current.find(*kind, *exposed)) return {nullptr, clash(*exposed)};
            if (exposed->size() > kMaxExposedNameLength) {
                return {nullptr, std::string(kind_name) + " name \"" + *exposed +
                                     "\" is longer than " + std::to_string(kMaxExposedNameLength) +
                                     " characters"};
            }
            item->key = *exposed;
            (*definition)["name"] = *exposed;
            if (*kind == ItemKind::Tool) {
                const bj::value* input_schema = definition->if_contains("inputSchema");
                if (!input_schema || !input_schema->is_object()) {
                    return {nullptr,
                            "tool \"" + item->plugin_key + "\" needs an \"inputSchema\" object"};
                }
                const bj::string* type = string_member(input_schema->get_object(), "type");
                if (!type || *type != "object") {
                    return {nullptr, "tool \"" + item->plugin_key +
                                         "\" inputSchema must have \"type\": \"object\""};
                }
                std::string schema_error;
                item->input_schema = schema::Validator::compile(*input_schema, schema_error);
                if (!item->input_schema) {
                    return {nullptr, "tool \"" + item->plugin_key +
                                         "\" inputSchema is unusable: " + schema_error};
                }
                if (const bj::value* output = definition->if_contains("outputSchema")) {
                    if (!output->is_object()) {
                        return {nullptr,
                                "tool \"" + item->plugin_key + "\" outputSchema must be an object"};
                    }
                    item->output_schema = schema::Validator::compile(*output, schema_error);
                    if (!item->output_schema) {
                        return {nullptr, "tool \"" + item->plugin_key +
                                             "\" outputSchema is unusable: " + schema_error};
                    }
                }
            } else if (const bj::value* arguments = definition->if_contains("arguments")) {
                if (!arguments->is_array())
                    return {nullptr,
                            "prompt \"" + item->plugin_key + "\" arguments must be an array"};
                for (const bj::value& argument : arguments->get_array()) {
                    const bj::object* object = argument.if_object();
                    const bj::string* argument_name =
                        object ? string_member(*object, "name") : nullptr;
                    if (!argument_name) {
                        return {nullptr, "prompt \"" + item->plugin_key +
                                             "\" has an argument without a name"};
                    }
                    const bj::value* required = object->if_contains("required");
                    if (required && required->is_bool() && required->get_bool()) {
                        item->required_arguments.emplace_back(*argument_name);
                    }
                }
            }
            break;
        }
        case ItemKind::Resource: {
            const bj::string* uri = string_member(*definition, "uri");
            if (!uri || uri->find(':') == bj::string::npos) {
                return {nullptr, "resource definition needs a \"uri\" with a scheme"};
            }
            if (!string_member(*definition, "name")) {
                return {nullptr, "resource \"" + std::string(*uri) + "\" needs a \"name\""};
            }
            item->key = item->plugin_key = std::string(*uri);
            if (current.find(*kind, item->key)) return {nullptr, clash(item->key)};
            break;
        }
        case ItemKind::ResourceTemplate: {
            const bj::string* text = string_member(*definition, "uriTemplate");
            if (!text) return {nullptr, "resource template definition needs a \"uriTemplate\""};
            if (!string_member(*definition, "name")) {
                return {nullptr,
                        "resource template \"" + std::string(*text) + "\" needs a \"name\""};
            }
            std::string template_error;
            auto parsed_template = uri::UriTemplate::parse(*text, &template_error);
            if (!parsed_template) {
                return {nullptr, "resource template \"" + std::string(*text) +
                                     "\" is malformed: " + template_error};
            }
            item->uri_template = std::make_shared<uri::UriTemplate>(std::move(*parsed_template));
            item->key = item->plugin_key = std::string(*text);
            if (current.find(*kind, item->key)) return {nullptr, clash(item->key)};
            break;
        }
        case ItemKind::Completion: {
            const bj::value* ref_value = definition->if_contains("ref");
            const bj::object* ref = ref_value ? ref_value->if_object() : nullptr;
            const bj::string* type = ref ? string_member(*ref, "type") : nullptr;
            if (type && *type == "ref/prompt" && string_member(*ref, "name")) {
                item->plugin_key = "prompt:" + std::string(*string_member(*ref, "name"));
                // Follow the prompt's namespacing so the reference clients send matches.
                std::string exposed = item->plugin_key.substr(7);
                for (const auto& prompt : current.items(ItemKind::Prompt)) {
                    if (prompt->plugin == owner.plugin && prompt->plugin_key == exposed) {
                        exposed = prompt->key;
                        break;
                    }
                }
                item->key = "prompt:" + exposed;
            } else if (type && *type == "ref/resource" && string_member(*ref, "uri")) {
                item->key = item->plugin_key =
                    "resource:" + std::string(*string_member(*ref, "uri"));
            } else {
                return {
                    nullptr,
                    R"(completion definition needs "ref": {"type": "ref/prompt", "name"} or {"type": "ref/resource", "uri"})"};
            }
            if (current.find(*kind, item->key))
                return {nullptr, "a completion provider for " + item->key + " exists already"};
            break;
        }
    }
    item->definition = bj::serialize(parsed);
    return {item, {}};
}

Registry::AddResult Registry::add(const Owner& owner, const pb_item& item) {
    AddResult result;
    ChangeListener listener;
    {
        std::lock_guard lock(mutex_);
        result = prepare(owner, item, *current_);
        if (!result.item) return result;
        auto next = std::make_shared<Snapshot>(*current_);
        auto& list = next->by_kind_[static_cast<std::size_t>(result.item->kind)];
        list.insert(lower_bound_key(list, result.item->key), result.item);
        current_ = std::move(next);
        listener = listener_;
    }
    if (listener) listener(result.item->kind);
    return result;
}

bool Registry::remove(host::PluginInstance* plugin, ItemKind kind, std::string_view plugin_key) {
    ChangeListener listener;
    {
        std::lock_guard lock(mutex_);
        const auto& list = current_->items(kind);
        auto it = std::find_if(list.begin(), list.end(), [&](const ItemPtr& item) {
            return item->plugin == plugin && item->plugin_key == plugin_key;
        });
        if (it == list.end()) return false;
        auto next = std::make_shared<Snapshot>(*current_);
        auto& next_list = next->by_kind_[static_cast<std::size_t>(kind)];
        next_list.erase(next_list.begin() + (it - list.begin()));
        current_ = std::move(next);
        listener = listener_;
    }
    if (listener) listener(kind);
    return true;
}

void Registry::remove_all(host::PluginInstance* plugin) {
    std::vector<ItemKind> changed;
    ChangeListener listener;
    {
        std::lock_guard lock(mutex_);
        auto next = std::make_shared<Snapshot>(*current_);
        for (std::size_t k = 0; k < kItemKindCount; ++k) {
            auto& list = next->by_kind_[k];
            const auto before = list.size();
            std::erase_if(list, [&](const ItemPtr& item) { return item->plugin == plugin; });
            if (list.size() != before) changed.push_back(static_cast<ItemKind>(k));
        }
        current_ = std::move(next);
        listener = listener_;
    }
    if (listener) {
        for (ItemKind kind : changed)
            listener(kind);
    }
}

}  // namespace plugboard::registry
