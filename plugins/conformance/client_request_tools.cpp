// Tools that ask the client for something (sampling, elicitation) and answer
// with what it said.
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "items.hpp"

namespace plugboard::conformance {
namespace {

// Turns the client's result object into the tool's text.
using Describe = std::string (*)(const Json& answer);

// One tools/call waiting for the client; owned by the answer callback.
struct PendingCall {
    Context* context;
    pb_call* call;
    std::string_view request_method;
    Describe describe;
};

// The tool's result for the client's answer. A refused or unusable answer is
// a tool error: the model may try again, the protocol is fine.
Json answer_result(const PendingCall& pending, int32_t status, const char* json, size_t json_len) {
    const std::string method(pending.request_method);
    if (status != PB_OK) {
        const std::string message = json != nullptr ? std::string(json, json_len) : "";
        return text_result(method + " failed: " + message, true);
    }
    try {
        return text_result(pending.describe(parse_span(json, json_len)));
    } catch (const std::exception& error) {
        return text_result(method + " gave an unusable result: " + error.what(), true);
    }
}

void on_answer(void* user_data, int32_t status, const char* json, size_t json_len) noexcept {
    std::unique_ptr<PendingCall> pending(static_cast<PendingCall*>(user_data));
    Context& context = *pending->context;
    guard_call(context, pending->call, [&] {
        complete(context, pending->call, answer_result(*pending, status, json, json_len));
    });
}

void ask(Context& context, pb_call* call, int32_t what, std::string_view method, const Json& params,
         Describe describe) {
    const std::string text = params.dump();
    auto pending = std::make_unique<PendingCall>(PendingCall{&context, call, method, describe});
    // The host calls on_answer exactly once, which takes the PendingCall back.
    context.api->ask_client(call, what, text.data(), text.size(), on_answer, pending.release());
}

Json tool(const char* name, const char* description, Json properties = Json::object(),
          Json required = Json::array()) {
    Json schema = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) schema["required"] = std::move(required);
    return {{"name", name}, {"description", description}, {"inputSchema", std::move(schema)}};
}

// The first text of a CreateMessageResult, whose content is one block or,
// since 2025-11-25, an array of blocks.
std::string sampled_text(const Json& answer) {
    const Json& content = answer.at("content");
    const Json blocks = content.is_array() ? content : Json::array({content});
    for (const Json& block : blocks) {
        if (block.value("type", "") == "text") return block.value("text", "");
    }
    throw std::runtime_error("the client's sampling result has no text content");
}

std::string describe_sampling(const Json& answer) {
    return "LLM response: " + sampled_text(answer);
}

std::string action_and_content(const Json& answer) {
    return "action=" + answer.value("action", "") +
           ", content=" + answer.value("content", Json::object()).dump();
}

std::string describe_user_response(const Json& answer) {
    return "User response: " + action_and_content(answer);
}

std::string describe_elicitation(const Json& answer) {
    return "Elicitation completed: " + action_and_content(answer);
}

void sampling(Context& context, pb_call* call, const pb_request& request) {
    const Json arguments = parse_span(request.arguments_json, request.arguments_len);
    const Json message = {{"role", "user"},
                          {"content", {{"type", "text"}, {"text", arguments.at("prompt")}}}};
    ask(context, call, PB_ASK_SAMPLING, "sampling/createMessage",
        {{"messages", Json::array({message})}, {"maxTokens", 100}}, describe_sampling);
}

void elicitation(Context& context, pb_call* call, const pb_request& request) {
    const Json arguments = parse_span(request.arguments_json, request.arguments_len);
    const Json schema = Json::parse(R"json({
        "type": "object",
        "properties": {
            "username": {"type": "string", "description": "User's response"},
            "email": {"type": "string", "description": "User's email address"}
        },
        "required": ["username", "email"]
    })json");
    ask(context, call, PB_ASK_ELICITATION, "elicitation/create",
        {{"message", arguments.at("message")}, {"requestedSchema", schema}},
        describe_user_response);
}

// SEP-1034: a default for every primitive type.
void elicitation_defaults(Context& context, pb_call* call, const pb_request&) {
    const Json schema = Json::parse(R"json({
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "User name", "default": "John Doe"},
            "age": {"type": "integer", "description": "User age", "default": 30},
            "score": {"type": "number", "description": "User score", "default": 95.5},
            "status": {
                "type": "string",
                "description": "User status",
                "enum": ["active", "inactive", "pending"],
                "default": "active"
            },
            "verified": {"type": "boolean", "description": "Verification status", "default": true}
        },
        "required": []
    })json");
    ask(context, call, PB_ASK_ELICITATION, "elicitation/create",
        {{"message", "Please review and update the form fields with defaults"},
         {"requestedSchema", schema}},
        describe_elicitation);
}

// SEP-1330: the five enum shapes.
void elicitation_enums(Context& context, pb_call* call, const pb_request&) {
    const Json schema = Json::parse(R"json({
        "type": "object",
        "properties": {
            "untitledSingle": {
                "type": "string",
                "description": "Select one option",
                "enum": ["option1", "option2", "option3"]
            },
            "titledSingle": {
                "type": "string",
                "description": "Select one option with titles",
                "oneOf": [
                    {"const": "value1", "title": "First Option"},
                    {"const": "value2", "title": "Second Option"},
                    {"const": "value3", "title": "Third Option"}
                ]
            },
            "legacyEnum": {
                "type": "string",
                "description": "Select one option (legacy)",
                "enum": ["opt1", "opt2", "opt3"],
                "enumNames": ["Option One", "Option Two", "Option Three"]
            },
            "untitledMulti": {
                "type": "array",
                "description": "Select multiple options",
                "minItems": 1,
                "maxItems": 3,
                "items": {"type": "string", "enum": ["option1", "option2", "option3"]}
            },
            "titledMulti": {
                "type": "array",
                "description": "Select multiple options with titles",
                "minItems": 1,
                "maxItems": 3,
                "items": {
                    "anyOf": [
                        {"const": "value1", "title": "First Choice"},
                        {"const": "value2", "title": "Second Choice"},
                        {"const": "value3", "title": "Third Choice"}
                    ]
                }
            }
        },
        "required": []
    })json");
    ask(context, call, PB_ASK_ELICITATION, "elicitation/create",
        {{"message", "Please select options from the enum fields"}, {"requestedSchema", schema}},
        describe_elicitation);
}

}  // namespace

std::vector<ItemSpec> client_request_tools() {
    return {
        {PB_ITEM_TOOL,
         tool("test_sampling", "Asks the client's LLM to answer a prompt (sampling).",
              {{"prompt", {{"type", "string"}, {"description", "The prompt to send to the LLM"}}}},
              {"prompt"}),
         guarded<sampling>},
        {PB_ITEM_TOOL,
         tool("test_elicitation", "Asks the user for a username and an email (elicitation).",
              {{"message", {{"type", "string"}, {"description", "The message to show the user"}}}},
              {"message"}),
         guarded<elicitation>},
        {PB_ITEM_TOOL,
         tool("test_elicitation_sep1034_defaults",
              "Elicits a form whose fields all have defaults (SEP-1034)."),
         guarded<elicitation_defaults>},
        {PB_ITEM_TOOL,
         tool("test_elicitation_sep1330_enums",
              "Elicits a form with every enum variant (SEP-1330)."),
         guarded<elicitation_enums>},
    };
}

}  // namespace plugboard::conformance
