// Tools whose whole behaviour is the content they return.
#include <string>

#include "items.hpp"
#include "media.hpp"

namespace plugboard::conformance {
namespace {

Json no_arguments() {
    return {{"type", "object"}, {"properties", Json::object()}};
}

Json tool(const char* name, const char* description, Json input_schema = no_arguments()) {
    return {{"name", name}, {"description", description}, {"inputSchema", std::move(input_schema)}};
}

Json content_result(Json content) {
    return {{"content", std::move(content)}};
}

Json png_image() {
    return {{"type", "image"}, {"data", kRedPixelPng}, {"mimeType", "image/png"}};
}

void simple_text(Context& context, pb_call* call, const pb_request&) {
    complete(context, call, text_result("This is a simple text response for testing."));
}

void image_content(Context& context, pb_call* call, const pb_request&) {
    complete(context, call, content_result(Json::array({png_image()})));
}

void audio_content(Context& context, pb_call* call, const pb_request&) {
    complete(context, call,
             content_result(Json::array(
                 {{{"type", "audio"}, {"data", kSilenceWav}, {"mimeType", "audio/wav"}}})));
}

void embedded_resource(Context& context, pb_call* call, const pb_request&) {
    Json resource = {{"uri", "test://embedded-resource"},
                     {"mimeType", "text/plain"},
                     {"text", "This is an embedded resource content."}};
    complete(context, call,
             content_result(Json::array({{{"type", "resource"}, {"resource", resource}}})));
}

void multiple_content_types(Context& context, pb_call* call, const pb_request&) {
    Json resource = {{"uri", "test://mixed-content-resource"},
                     {"mimeType", "application/json"},
                     {"text", Json{{"test", "data"}, {"value", 123}}.dump()}};
    complete(
        context, call,
        content_result(Json::array({{{"type", "text"}, {"text", "Multiple content types test:"}},
                                    png_image(),
                                    {{"type", "resource"}, {"resource", resource}}})));
}

void error_handling(Context& context, pb_call* call, const pb_request&) {
    complete(context, call,
             text_result("This tool intentionally returns an error for testing", true));
}

void json_schema_2020_12(Context& context, pb_call* call, const pb_request& request) {
    const Json arguments = parse_span(request.arguments_json, request.arguments_len);
    complete(context, call,
             text_result("JSON Schema 2020-12 tool called with: " + arguments.dump()));
}

// Exactly as scenario json-schema-2020-12 expects it back from tools/list.
Json json_schema_2020_12_input() {
    return Json::parse(R"json({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {
            "address": {
                "type": "object",
                "properties": {"street": {"type": "string"}, "city": {"type": "string"}}
            }
        },
        "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
        "additionalProperties": false
    })json");
}

}  // namespace

std::vector<ItemSpec> content_tools() {
    return {
        {PB_ITEM_TOOL, tool("test_simple_text", "Returns one text item."), guarded<simple_text>},
        {PB_ITEM_TOOL, tool("test_image_content", "Returns a 1x1 PNG image."),
         guarded<image_content>},
        {PB_ITEM_TOOL, tool("test_audio_content", "Returns a short WAV clip (audio/wav)."),
         guarded<audio_content>},
        {PB_ITEM_TOOL, tool("test_embedded_resource", "Returns an embedded text resource."),
         guarded<embedded_resource>},
        {PB_ITEM_TOOL,
         tool("test_multiple_content_types", "Returns text, an image and an embedded resource."),
         guarded<multiple_content_types>},
        {PB_ITEM_TOOL, tool("test_error_handling", "Always fails with a tool error (isError)."),
         guarded<error_handling>},
        {PB_ITEM_TOOL,
         tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features",
              json_schema_2020_12_input()),
         guarded<json_schema_2020_12>},
    };
}

}  // namespace plugboard::conformance
