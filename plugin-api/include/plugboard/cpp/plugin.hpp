// plugboard::Plugin: what a plugin's setup function registers its items with.
#pragma once

#include <plugboard/plugin.h>
#include <plugboard/cpp/call.hpp>
#include <plugboard/cpp/content.hpp>
#include <plugboard/cpp/schema.hpp>
#include <plugboard/cpp/status.hpp>
#include <plugboard/cpp/tool.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace plugboard {

enum class ItemKind : std::uint32_t {
    tool = PB_ITEM_TOOL,
    resource = PB_ITEM_RESOURCE,
    resource_template = PB_ITEM_RESOURCE_TEMPLATE,
    prompt = PB_ITEM_PROMPT,
    completion = PB_ITEM_COMPLETION,
};

// Serves one request and owes it exactly one answer, now or later.
using Handler = std::function<void(Call)>;

struct PromptArgument {
    std::string name;
    std::string description;
    bool required = false;
};

using PromptArguments = std::map<std::string, std::string>;

// What a completion provider completes: a prompt's arguments or a resource
// template's variables.
inline nlohmann::json prompt_ref(std::string name) {
    return {{"type", "ref/prompt"}, {"name", std::move(name)}};
}

inline nlohmann::json template_ref(std::string uri_template) {
    return {{"type", "ref/resource"}, {"uri", std::move(uri_template)}};
}

namespace detail {

// One registered handler. Lives until the plugin shuts down, because the
// host may still be running it after unregister_item returns.
struct Item {
    ItemKind kind;
    Handler handler;
    const pb_host_api* api;
    pb_host* host;
};

inline std::string string_member(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string{};
}

// Tool exceptions are tool failures the model sees; elsewhere they are
// internal errors.
inline void answer_exception(const Item& item, CallState& state, const char* message) noexcept {
    if (state.completed()) {
        state.warn_host("a handler threw after completing its call");
        return;
    }
    try {
        if (item.kind == ItemKind::tool) {
            state.complete(ToolResult::error(message));
            return;
        }
    } catch (...) {
        // Fall through to the plain error, which cannot fail.
    }
    state.fail(Status::internal, message);
}

inline void serve(void* user_data, pb_call* call, const pb_request* request) noexcept {
    const auto& item = *static_cast<const Item*>(user_data);
    std::shared_ptr<CallState> state;
    try {
        state = std::make_shared<CallState>(item.api, item.host, call);
    } catch (...) {
        static constexpr std::string_view message = "out of memory";
        item.api->complete(call, PB_ERR_INTERNAL, message.data(), message.size());
        return;
    }
    try {
        if (request == nullptr) throw ProtocolError(Status::internal, "the host sent no request");
        state->load(*request);
        item.handler(Call(state));
    } catch (const ProtocolError& error) {
        if (!state->completed()) state->fail(error.status(), error.what());
    } catch (const std::exception& error) {
        answer_exception(item, *state, error.what());
    } catch (...) {
        answer_exception(item, *state, "unknown exception");
    }
}

template <class R>
nlohmann::json read_resource_result(const std::string& uri, const std::string& mime_type,
                                    R&& value) {
    using T = std::remove_cvref_t<R>;
    if constexpr (std::is_convertible_v<T, std::string_view>) {
        return {
            {"contents", {text_resource(uri, std::string(std::string_view(value)), mime_type)}}};
    } else {
        static_assert(std::is_same_v<T, std::vector<nlohmann::json>>,
                      "a resource reader returns a std::string (text) or a std::vector of "
                      "text_resource/blob_resource contents");
        return {{"contents", std::forward<R>(value)}};
    }
}

// MCP caps a completion at 100 values.
inline nlohmann::json completion_result(std::vector<std::string> values) {
    constexpr std::size_t limit = 100;
    const std::size_t total = values.size();
    if (total > limit) values.resize(limit);
    return {{"completion",
             {{"values", std::move(values)}, {"total", total}, {"hasMore", total > limit}}}};
}

}  // namespace detail

// Handed to the setup function. Every method may be called from any thread,
// during setup or later; items registered after setup make the host send
// list_changed. Handlers run concurrently on the host's pool unless the
// plugin is serialized, so they must be thread-safe.
class Plugin {
  public:
    Plugin(pb_host* host, const pb_host_api* api) noexcept : host_(host), api_(api) {}
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;

    // A typed tool: fn(T1, T2, ...) -> R, or fn(Call, T1, T2, ...) -> void to
    // answer through the Call (later, or from another thread). One Param per
    // parameter gives its name and description. R may be std::string, a
    // number, bool, ToolResult, nlohmann::json or anything with to_json.
    // `extra` is merged into the Tool definition (title, annotations,
    // outputSchema, ...).
    template <class F, std::size_t N>
    void tool(std::string name, std::string description, F&& fn, const Param (&params)[N],
              const nlohmann::json& extra = nlohmann::json::object()) {
        using Args = typename detail::tool_signature<F>::args;
        static_assert(std::tuple_size_v<Args> == N,
                      "tool(): give exactly one Param per function parameter");
        std::vector<std::string> names;
        for (const Param& param : params)
            names.emplace_back(param.name);
        auto schema = detail::input_schema_of<Args>(params, std::make_index_sequence<N>{});
        register_item(
            ItemKind::tool,
            tool_definition(std::move(name), std::move(description), std::move(schema), extra),
            detail::typed_tool_handler(std::forward<F>(fn), std::move(names)));
    }

    // A tool without parameters.
    template <class F>
    void tool(std::string name, std::string description, F&& fn) {
        static_assert(std::tuple_size_v<typename detail::tool_signature<F>::args> == 0,
                      "tool(): name the function's parameters with a Param list");
        register_item(ItemKind::tool,
                      tool_definition(std::move(name), std::move(description), empty_input_schema(),
                                      nlohmann::json::object()),
                      detail::typed_tool_handler(std::forward<F>(fn), {}));
    }

    // A tool with a hand-written definition, answered through its Call.
    void tool(const nlohmann::json& definition, Handler handler) {
        register_item(ItemKind::tool, definition, std::move(handler));
    }

    // A static resource. `definition` is an MCP Resource ({"uri", "name",
    // "mimeType", ...}); read() returns its text, or a vector of
    // text_resource/blob_resource contents.
    template <class F>
    void resource(const nlohmann::json& definition, F&& read) {
        register_item(
            ItemKind::resource, definition,
            [read = std::forward<F>(read),
             mime_type = detail::string_member(definition, "mimeType")](Call call) {
                call.complete(detail::read_resource_result(call.uri(), mime_type, read()));
            });
    }

    // A resource template ({"uriTemplate", "name", ...}).
    // read(uri, variables) returns what a static resource's read() does;
    // `variables` is the template's variables as a JSON object.
    template <class F>
    void resource_template(const nlohmann::json& definition, F&& read) {
        register_item(ItemKind::resource_template, definition,
                      [read = std::forward<F>(read),
                       mime_type = detail::string_member(definition, "mimeType")](Call call) {
                          call.complete(detail::read_resource_result(
                              call.uri(), mime_type, read(call.uri(), call.variables())));
                      });
    }

    // A prompt. fn(const PromptArguments&) -> std::vector<PromptMessage>.
    // Missing required arguments are refused before fn runs.
    template <class F>
    void prompt(std::string name, std::string description, std::vector<PromptArgument> arguments,
                F&& fn, const nlohmann::json& extra = nlohmann::json::object()) {
        nlohmann::json definition = {{"name", std::move(name)}};
        if (!description.empty()) definition["description"] = description;
        if (!arguments.empty()) {
            nlohmann::json list = nlohmann::json::array();
            for (const PromptArgument& argument : arguments) {
                nlohmann::json entry = {{"name", argument.name}};
                if (!argument.description.empty()) entry["description"] = argument.description;
                if (argument.required) entry["required"] = true;
                list.push_back(std::move(entry));
            }
            definition["arguments"] = std::move(list);
        }
        definition.update(extra);
        register_item(ItemKind::prompt, definition,
                      [fn = std::forward<F>(fn), arguments = std::move(arguments),
                       description = std::move(description)](Call call) {
                          const PromptArguments values =
                              prompt_arguments(call.arguments(), arguments);
                          const std::vector<PromptMessage> messages = fn(values);
                          nlohmann::json result = {{"messages", messages}};
                          if (!description.empty()) result["description"] = description;
                          call.complete(result);
                      });
    }

    // Completes a prompt argument or template variable (`ref` from
    // prompt_ref/template_ref). fn(argument_name, value) or
    // fn(argument_name, value, context_arguments) -> std::vector<std::string>;
    // the first 100 values are sent, with the total.
    template <class F>
    void completion(const nlohmann::json& ref, F&& fn) {
        register_item(ItemKind::completion, {{"ref", ref}}, [fn = std::forward<F>(fn)](Call call) {
            const std::string name = detail::string_member(call.arguments(), "name");
            const std::string value = detail::string_member(call.arguments(), "value");
            std::vector<std::string> values;
            if constexpr (std::is_invocable_v<const F&, const std::string&, const std::string&,
                                              const nlohmann::json&>) {
                const nlohmann::json params = call.params();
                nlohmann::json context = nlohmann::json::object();
                if (params.contains("context") && params["context"].is_object()) {
                    context = params["context"].value("arguments", nlohmann::json::object());
                }
                values = fn(name, value, context);
            } else {
                values = fn(name, value);
            }
            call.complete(detail::completion_result(std::move(values)));
        });
    }

    // Any item with a hand-written definition. Throws RegistrationError with
    // the host's reason when the host refuses it. `flags` are PB_ITEM_FLAG_*.
    void register_item(ItemKind kind, const nlohmann::json& definition, Handler handler,
                       std::uint32_t flags = PB_ITEM_FLAG_NONE) {
        auto owned =
            std::make_unique<detail::Item>(detail::Item{kind, std::move(handler), api_, host_});
        detail::Item* item = owned.get();
        {
            std::lock_guard lock(mutex_);
            items_.push_back(std::move(owned));
        }
        const std::string text = detail::dump(definition);
        pb_item description{};
        description.struct_size = sizeof(pb_item);
        description.kind = static_cast<std::uint32_t>(kind);
        description.definition_json = text.data();
        description.definition_len = text.size();
        description.handler = &detail::serve;
        description.user_data = item;
        description.flags = flags;
        char reason[512] = {};
        const std::int32_t status = api_->register_item(host_, &description, reason, sizeof reason);
        if (status == PB_OK) return;
        {
            // The host refused the item, so no call can reach it.
            std::lock_guard lock(mutex_);
            std::erase_if(items_, [item](const auto& held) { return held.get() == item; });
        }
        throw RegistrationError(static_cast<Status>(status),
                                reason[0] != '\0' ? reason : "the host refused the item");
    }

    // Removes an item by its name (tools, prompts), URI (resources), URI
    // template (templates), or its ref's name or URI (completions). Returns
    // false if this plugin has no such item. Running calls finish.
    bool unregister(ItemKind kind, std::string_view key) {
        return api_->unregister_item(host_, static_cast<std::uint32_t>(kind), key.data(),
                                     key.size()) == PB_OK;
    }

    // Tells subscribed clients that a resource's content changed.
    void resource_updated(std::string_view uri) {
        api_->resource_updated(host_, uri.data(), uri.size());
    }

    // A line in the daemon's own log, tagged with the plugin's name.
    void log(LogLevel level, const std::string& message) {
        api_->log(host_, static_cast<std::int32_t>(level), message.c_str());
    }

    // Check before using a host function added after ABI 1.0.
    std::uint16_t host_abi_minor() const { return api_->abi_minor; }

  private:
    static nlohmann::json tool_definition(std::string name, std::string description,
                                          nlohmann::json schema, const nlohmann::json& extra) {
        nlohmann::json definition = {{"name", std::move(name)}};
        if (!description.empty()) definition["description"] = std::move(description);
        definition["inputSchema"] = std::move(schema);
        definition.update(extra);
        return definition;
    }

    static PromptArguments prompt_arguments(const nlohmann::json& given,
                                            const std::vector<PromptArgument>& declared) {
        PromptArguments values;
        if (given.is_object()) {
            for (const auto& [key, value] : given.items()) {
                if (!value.is_string()) {
                    throw ProtocolError(Status::invalid_params,
                                        "prompt argument '" + key + "' must be a string");
                }
                values.emplace(key, value.get<std::string>());
            }
        }
        for (const PromptArgument& argument : declared) {
            if (argument.required && !values.contains(argument.name)) {
                throw ProtocolError(Status::invalid_params,
                                    "missing required argument '" + argument.name + "'");
            }
        }
        return values;
    }

    pb_host* host_;
    const pb_host_api* api_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<detail::Item>> items_;
};

}  // namespace plugboard
