#include "dispatch/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "json/json_writer.hpp"
#include "json/value_spans.hpp"
#include "protocol/content_adapter.hpp"
#include "protocol/errors.hpp"

namespace plugboard::dispatch {
namespace {

using registry::ItemKind;
namespace dom = simdjson::dom;

// A member of params; absent (or params absent) gives an error result.
simdjson::simdjson_result<dom::element> member(const RequestContext& context,
                                               std::string_view key) {
    if (context.params.empty() || !context.params_dom.is_object()) return simdjson::NO_SUCH_FIELD;
    return context.params_dom[key];
}

std::optional<std::string_view> string_member(const RequestContext& context, std::string_view key) {
    std::string_view value;
    if (member(context, key).get_string().get(value)) return std::nullopt;
    return value;
}

// An object member; `present` tells absent from null.
std::optional<dom::element> object_member(const RequestContext& context, std::string_view key,
                                          bool& wrong_type) {
    wrong_type = false;
    dom::element value;
    if (member(context, key).get(value) || value.is_null()) return std::nullopt;
    if (!value.is_object()) {
        wrong_type = true;
        return std::nullopt;
    }
    return value;
}

// A member of params as the client wrote it; the member must exist.
std::string raw_member(const RequestContext& context, std::string_view key) {
    return std::string(
        json::member_text(context.params, context.params_dom.get_object().value_unsafe(), key)
            .value_or("{}"));
}

dom::element empty_object() {
    thread_local dom::parser parser;
    thread_local dom::element element = parser.parse(std::string_view("{}")).value_unsafe();
    return element;
}

std::string tool_error_result(std::string_view text) {
    std::string result = R"({"content":[{"type":"text","text":)";
    json::append_string(result, text);
    result += R"(}],"isError":true})";
    return result;
}

}  // namespace

Outcome outcome_from_plugin(std::int32_t status, std::string payload, ItemKind kind) {
    switch (status) {
        case PB_OK:
            return Outcome::success(std::move(payload));
        case PB_ERR_CANCELLED:
            return Outcome::none();
        case PB_ERR_INVALID_PARAMS:
            return Outcome::failure(protocol::kInvalidParams,
                                    payload.empty() ? "Invalid params" : payload);
        case PB_ERR_NOT_FOUND:
            if (kind == ItemKind::Resource || kind == ItemKind::ResourceTemplate) {
                return Outcome::failure(protocol::kResourceNotFound,
                                        payload.empty() ? "Resource not found" : payload);
            }
            return Outcome::failure(protocol::kInvalidParams,
                                    payload.empty() ? "Not found" : payload);
        case PB_ERR_TIMEOUT:
            return Outcome::failure(protocol::kInternalError,
                                    payload.empty() ? "Request timed out" : payload);
        default:
            return Outcome::failure(protocol::kInternalError,
                                    payload.empty() ? "Internal error in the plugin" : payload);
    }
}

Dispatcher::Dispatcher(registry::Registry& registry, host::PluginHost& host, std::size_t page_size)
    : registry_(registry), host_(host), page_size_(page_size) {}

Capabilities Dispatcher::capabilities() const {
    const auto snapshot = registry_.snapshot();
    const auto has = [&](ItemKind kind) { return !snapshot->items(kind).empty(); };
    return {has(ItemKind::Tool), has(ItemKind::Resource) || has(ItemKind::ResourceTemplate),
            has(ItemKind::Prompt), has(ItemKind::Completion)};
}

bool Capabilities::announces(ItemKind kind) const {
    switch (kind) {
        case ItemKind::Tool:
            return tools;
        case ItemKind::Resource:
        case ItemKind::ResourceTemplate:
            return resources;
        case ItemKind::Prompt:
            return prompts;
        case ItemKind::Completion:
            return completions;
    }
    return false;
}

std::string Capabilities::to_json() const {
    std::string out = "{";
    if (tools) out += notifications ? R"("tools":{"listChanged":true},)" : R"("tools":{},)";
    if (resources) {
        out += notifications ? R"("resources":{"subscribe":true,"listChanged":true},)"
                             : R"("resources":{},)";
    }
    if (prompts) out += notifications ? R"("prompts":{"listChanged":true},)" : R"("prompts":{},)";
    if (completions) out += R"("completions":{},)";
    out += R"("logging":{}})";
    return out;
}

Dispatched Dispatcher::dispatch(std::string_view method, const RequestContext& context,
                                AnswerFn answer) {
    if (method == "tools/list") return list(ItemKind::Tool, "tools", context);
    if (method == "tools/call") return call_tool(context, std::move(answer));
    if (method == "resources/list") return list(ItemKind::Resource, "resources", context);
    if (method == "resources/templates/list") {
        return list(ItemKind::ResourceTemplate, "resourceTemplates", context);
    }
    if (method == "resources/read") return read_resource(context, std::move(answer));
    if (method == "prompts/list") return list(ItemKind::Prompt, "prompts", context);
    if (method == "prompts/get") return get_prompt(context, std::move(answer));
    if (method == "completion/complete") return complete(context, std::move(answer));
    return Outcome::failure(protocol::kMethodNotFound, "Method not found: " + std::string(method));
}

Dispatched Dispatcher::list(ItemKind kind, std::string_view member_name,
                            const RequestContext& context) {
    std::optional<std::string_view> cursor;
    dom::element cursor_value;
    if (!member(context, "cursor").get(cursor_value) && !cursor_value.is_null()) {
        cursor = string_member(context, "cursor");
        if (!cursor) return Outcome::failure(protocol::kInvalidParams, "cursor must be a string");
    }
    auto page = registry_.snapshot()->page(kind, cursor, page_size_);
    if (!page) return Outcome::failure(protocol::kInvalidParams, "Invalid cursor");
    std::string result = "{\"";
    result += member_name;
    result += "\":[";
    for (std::size_t i = 0; i < page->items.size(); ++i) {
        if (i > 0) result += ',';
        result += page->items[i]->definition;
    }
    result += ']';
    if (page->next_cursor) {
        result += R"(,"nextCursor":)";
        json::append_string(result, *page->next_cursor);
    }
    result += '}';
    return Outcome::success(std::move(result));
}

namespace {

// The spec requires structuredContent to conform to the tool's
// outputSchema; a plugin that breaks that gets an error, not a bad result.
Outcome check_structured_content(const registry::Item& tool, Outcome outcome) {
    if (!tool.output_schema || !outcome.ok()) return outcome;
    thread_local dom::parser parser;
    dom::element result;
    if (parser.parse(outcome.result).get(result)) return outcome;
    bool is_error = false;
    if (result["isError"].get_bool().get(is_error) == simdjson::SUCCESS && is_error) return outcome;
    dom::element structured;
    if (result["structuredContent"].get(structured)) {
        spdlog::error(
            "plugin {}: tool \"{}\" declares an outputSchema but returned no structuredContent",
            tool.plugin_name, tool.plugin_key);
        return Outcome::failure(protocol::kInternalError, "The tool returned no structuredContent");
    }
    const auto errors = tool.output_schema->validate(structured, 1);
    if (errors.empty()) return outcome;
    spdlog::error(
        "plugin {}: tool \"{}\" returned structuredContent that breaks its outputSchema: {}",
        tool.plugin_name, tool.plugin_key, errors.front().message);
    return Outcome::failure(
        protocol::kInternalError,
        "The tool's structuredContent does not match its outputSchema: " + errors.front().message);
}

}  // namespace

std::shared_ptr<host::Call> Dispatcher::start(registry::ItemPtr item, std::string_view method,
                                              const RequestContext& context, host::CallInput input,
                                              AnswerFn answer) {
    input.method = std::string(method);
    input.params = context.params.empty() ? "{}" : std::string(context.params);
    input.progress_token = context.progress_token;
    const auto revision = context.revision;
    return host_.start(
        item, std::move(input), context.channel,
        [answer = std::move(answer), item, revision](std::int32_t status, std::string payload) {
            auto outcome = outcome_from_plugin(status, std::move(payload), item->kind);
            outcome = check_structured_content(*item, std::move(outcome));
            if (outcome.ok() && (item->kind == ItemKind::Tool || item->kind == ItemKind::Prompt)) {
                outcome.result = protocol::adapt_content(revision, std::move(outcome.result));
            }
            answer(std::move(outcome));
        });
}

Dispatched Dispatcher::call_tool(const RequestContext& context, AnswerFn answer) {
    const auto name = string_member(context, "name");
    if (!name)
        return Outcome::failure(protocol::kInvalidParams, "tools/call needs a string \"name\"");
    auto tool = registry_.snapshot()->find(ItemKind::Tool, *name);
    if (!tool)
        return Outcome::failure(protocol::kInvalidParams, "Unknown tool: " + std::string(*name));
    bool wrong_type = false;
    const auto arguments_given = object_member(context, "arguments", wrong_type);
    if (wrong_type)
        return Outcome::failure(protocol::kInvalidParams,
                                "tools/call \"arguments\" must be an object");
    const dom::element arguments = arguments_given ? *arguments_given : empty_object();

    // Bad arguments are a tool execution error: the model can read and fix them.
    const auto errors = tool->input_schema->validate(arguments);
    if (!errors.empty()) {
        std::string text = "Invalid arguments for tool " + std::string(*name) + ":";
        for (const auto& error : errors) {
            text += "\n- ";
            text += error.message;  // starts with the JSON Pointer of the bad value
        }
        return Outcome::success(tool_error_result(text));
    }
    host::CallInput input;
    input.arguments = arguments_given ? raw_member(context, "arguments") : "{}";
    return start(std::move(tool), "tools/call", context, std::move(input), std::move(answer));
}

Dispatched Dispatcher::read_resource(const RequestContext& context, AnswerFn answer) {
    const auto uri = string_member(context, "uri");
    if (!uri)
        return Outcome::failure(protocol::kInvalidParams, "resources/read needs a string \"uri\"");
    const auto snapshot = registry_.snapshot();
    host::CallInput input;
    input.uri = std::string(*uri);
    if (auto resource = snapshot->find(ItemKind::Resource, *uri)) {
        if (resource->handler == nullptr) {
            return Outcome::failure(
                protocol::kInternalError,
                "Resource " + std::string(*uri) + " is listed but its plugin cannot read it");
        }
        return start(std::move(resource), "resources/read", context, std::move(input),
                     std::move(answer));
    }
    uri::Variables variables;
    if (auto resource_template = snapshot->match_template(*uri, variables)) {
        input.variables = uri::variables_to_json(variables);
        return start(std::move(resource_template), "resources/read", context, std::move(input),
                     std::move(answer));
    }
    std::string data = R"({"uri":)";
    json::append_string(data, *uri);
    data += '}';
    return Outcome::failure(protocol::kResourceNotFound, "Resource not found: " + std::string(*uri),
                            std::move(data));
}

Dispatched Dispatcher::get_prompt(const RequestContext& context, AnswerFn answer) {
    const auto name = string_member(context, "name");
    if (!name)
        return Outcome::failure(protocol::kInvalidParams, "prompts/get needs a string \"name\"");
    auto prompt = registry_.snapshot()->find(ItemKind::Prompt, *name);
    if (!prompt)
        return Outcome::failure(protocol::kInvalidParams, "Unknown prompt: " + std::string(*name));
    bool wrong_type = false;
    const auto arguments = object_member(context, "arguments", wrong_type);
    if (wrong_type)
        return Outcome::failure(protocol::kInvalidParams,
                                "prompts/get \"arguments\" must be an object");
    for (const auto& required : prompt->required_arguments) {
        if (!arguments || (*arguments)[required].error()) {
            return Outcome::failure(
                protocol::kInvalidParams,
                "Missing required argument \"" + required + "\" for prompt " + std::string(*name));
        }
    }
    dom::object argument_object;
    if (arguments && !arguments->get_object().get(argument_object)) {
        for (auto [key, value] : argument_object) {
            if (!value.is_string()) {
                return Outcome::failure(
                    protocol::kInvalidParams,
                    "prompt argument \"" + std::string(key) + "\" must be a string");
            }
        }
    }
    host::CallInput input;
    input.arguments = arguments ? raw_member(context, "arguments") : "{}";
    return start(std::move(prompt), "prompts/get", context, std::move(input), std::move(answer));
}

Dispatched Dispatcher::complete(const RequestContext& context, AnswerFn answer) {
    bool wrong_type = false;
    const auto ref = object_member(context, "ref", wrong_type);
    const auto argument = object_member(context, "argument", wrong_type);
    if (!ref || !argument) {
        return Outcome::failure(protocol::kInvalidParams,
                                "completion/complete needs \"ref\" and \"argument\" objects");
    }
    std::string_view type, argument_name;
    if ((*ref)["type"].get_string().get(type) ||
        (*argument)["name"].get_string().get(argument_name)) {
        return Outcome::failure(protocol::kInvalidParams,
                                "completion ref needs a \"type\" and argument a \"name\"");
    }
    const auto snapshot = registry_.snapshot();
    std::string key;
    bool target_exists = false;
    std::string_view target;
    if (type == "ref/prompt" && !(*ref)["name"].get_string().get(target)) {
        key = "prompt:" + std::string(target);
        target_exists = snapshot->find(ItemKind::Prompt, target) != nullptr;
    } else if (type == "ref/resource" && !(*ref)["uri"].get_string().get(target)) {
        key = "resource:" + std::string(target);
        target_exists = snapshot->find(ItemKind::ResourceTemplate, target) != nullptr ||
                        snapshot->find(ItemKind::Resource, target) != nullptr;
    } else {
        return Outcome::failure(
            protocol::kInvalidParams,
            R"(completion ref must be {"type":"ref/prompt","name"} or {"type":"ref/resource","uri"})");
    }
    auto provider = snapshot->find(ItemKind::Completion, key);
    if (!provider) {
        if (!target_exists) {
            return Outcome::failure(protocol::kInvalidParams,
                                    "Unknown reference: " + std::string(target));
        }
        return Outcome::success(R"({"completion":{"values":[],"total":0,"hasMore":false}})");
    }
    host::CallInput input;
    input.arguments = raw_member(context, "argument");
    return start(std::move(provider), "completion/complete", context, std::move(input),
                 std::move(answer));
}

}  // namespace plugboard::dispatch
