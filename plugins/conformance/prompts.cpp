// Prompts, and the completion of test_prompt_with_arguments' arguments.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "items.hpp"
#include "media.hpp"

namespace plugboard::conformance {
namespace {

Json user_message(Json content) {
    return {{"role", "user"}, {"content", std::move(content)}};
}

Json text(std::string value) {
    return {{"type", "text"}, {"text", std::move(value)}};
}

Json messages(Json list) {
    return {{"messages", std::move(list)}};
}

// The string arguments `names` of a prompts/get, or a completed call and
// false when one is missing.
template <std::size_t N>
bool read_arguments(Context& context, pb_call* call, const pb_request& request,
                    const std::array<const char*, N>& names, std::array<std::string, N>& values) {
    const Json arguments = parse_span(request.arguments_json, request.arguments_len);
    for (std::size_t i = 0; i < N; ++i) {
        auto value = string_member(arguments, names[i]);
        if (!value) {
            fail(context, call, PB_ERR_INVALID_PARAMS,
                 "missing required string argument '" + std::string(names[i]) + "'");
            return false;
        }
        values[i] = std::move(*value);
    }
    return true;
}

void simple(Context& context, pb_call* call, const pb_request&) {
    complete(context, call,
             messages(Json::array({user_message(text("This is a simple prompt for testing."))})));
}

void with_arguments(Context& context, pb_call* call, const pb_request& request) {
    std::array<std::string, 2> args;
    if (!read_arguments(context, call, request, std::array{"arg1", "arg2"}, args)) return;
    complete(context, call,
             messages(Json::array({user_message(
                 text("Prompt with arguments: arg1='" + args[0] + "', arg2='" + args[1] + "'"))})));
}

void with_embedded_resource(Context& context, pb_call* call, const pb_request& request) {
    std::array<std::string, 1> args;
    if (!read_arguments(context, call, request, std::array{"resourceUri"}, args)) return;
    const Json resource = {{"uri", args[0]},
                           {"mimeType", "text/plain"},
                           {"text", "Embedded resource content for testing."}};
    complete(
        context, call,
        messages(Json::array({user_message({{"type", "resource"}, {"resource", resource}}),
                              user_message(text("Please process the embedded resource above."))})));
}

void with_image(Context& context, pb_call* call, const pb_request&) {
    const Json image = {{"type", "image"}, {"data", kRedPixelPng}, {"mimeType", "image/png"}};
    complete(context, call,
             messages(Json::array(
                 {user_message(image), user_message(text("Please analyze the image above."))})));
}

constexpr std::array<std::string_view, 5> kArgumentSuggestions = {"testValue1", "testValue2",
                                                                  "paris", "park", "party"};

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

// completion/complete for ref/prompt test_prompt_with_arguments: arg1 and
// arg2 share one list of suggestions, filtered by what was typed.
void complete_arguments(Context& context, pb_call* call, const pb_request& request) {
    const Json argument = parse_span(request.arguments_json, request.arguments_len);
    const std::string name = string_member(argument, "name").value_or("");
    const std::string typed = string_member(argument, "value").value_or("");
    Json values = Json::array();
    if (name == "arg1" || name == "arg2") {
        for (std::string_view suggestion : kArgumentSuggestions) {
            if (starts_with_ignoring_case(suggestion, typed)) values.push_back(suggestion);
        }
    }
    const std::size_t total = values.size();
    complete(
        context, call,
        {{"completion", {{"values", std::move(values)}, {"total", total}, {"hasMore", false}}}});
}

Json prompt(const char* name, const char* title, const char* description,
            Json arguments = Json::array()) {
    Json definition = {{"name", name}, {"title", title}, {"description", description}};
    if (!arguments.empty()) definition["arguments"] = std::move(arguments);
    return definition;
}

Json required_argument(const char* name, const char* description) {
    return {{"name", name}, {"description", description}, {"required", true}};
}

}  // namespace

std::vector<ItemSpec> prompts() {
    return {
        {PB_ITEM_PROMPT,
         prompt("test_simple_prompt", "Simple Test Prompt", "A simple prompt without arguments"),
         guarded<simple>},
        {PB_ITEM_PROMPT,
         prompt("test_prompt_with_arguments", "Prompt With Arguments",
                "A prompt with required arguments",
                Json::array({required_argument("arg1", "First test argument"),
                             required_argument("arg2", "Second test argument")})),
         guarded<with_arguments>},
        {PB_ITEM_PROMPT,
         prompt("test_prompt_with_embedded_resource", "Prompt With Embedded Resource",
                "A prompt that includes an embedded resource",
                Json::array({required_argument("resourceUri", "URI of the resource to embed")})),
         guarded<with_embedded_resource>},
        {PB_ITEM_PROMPT,
         prompt("test_prompt_with_image", "Prompt With Image",
                "A prompt that includes image content"),
         guarded<with_image>},
        {PB_ITEM_COMPLETION,
         {{"ref", {{"type", "ref/prompt"}, {"name", "test_prompt_with_arguments"}}}},
         guarded<complete_arguments>},
    };
}

}  // namespace plugboard::conformance
