// MCP content blocks and the result shapes handlers return.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plugboard {

// ---- Content blocks (tool results and prompt messages) -------------------

inline nlohmann::json text_content(std::string text) {
    return {{"type", "text"}, {"text", std::move(text)}};
}

inline nlohmann::json image_content(std::string base64_data, std::string mime_type) {
    return {
        {"type", "image"}, {"data", std::move(base64_data)}, {"mimeType", std::move(mime_type)}};
}

inline nlohmann::json audio_content(std::string base64_data, std::string mime_type) {
    return {
        {"type", "audio"}, {"data", std::move(base64_data)}, {"mimeType", std::move(mime_type)}};
}

inline nlohmann::json resource_link(std::string uri, std::string name, std::string mime_type = {},
                                    std::string description = {}) {
    nlohmann::json link = {
        {"type", "resource_link"}, {"uri", std::move(uri)}, {"name", std::move(name)}};
    if (!mime_type.empty()) link["mimeType"] = std::move(mime_type);
    if (!description.empty()) link["description"] = std::move(description);
    return link;
}

// ---- Resource contents (resources/read, embedded resources) -------------

inline nlohmann::json text_resource(std::string uri, std::string text, std::string mime_type = {}) {
    nlohmann::json contents = {{"uri", std::move(uri)}, {"text", std::move(text)}};
    if (!mime_type.empty()) contents["mimeType"] = std::move(mime_type);
    return contents;
}

inline nlohmann::json blob_resource(std::string uri, std::string base64_blob,
                                    std::string mime_type = {}) {
    nlohmann::json contents = {{"uri", std::move(uri)}, {"blob", std::move(base64_blob)}};
    if (!mime_type.empty()) contents["mimeType"] = std::move(mime_type);
    return contents;
}

// `contents` comes from text_resource or blob_resource.
inline nlohmann::json embedded_resource(nlohmann::json contents) {
    return {{"type", "resource"}, {"resource", std::move(contents)}};
}

// ---- CallToolResult -------------------------------------------------------

struct ToolResult {
    std::vector<nlohmann::json> content;
    std::optional<nlohmann::json> structured_content;
    bool is_error = false;

    ToolResult& add(nlohmann::json block) {
        content.push_back(std::move(block));
        return *this;
    }

    static ToolResult text(std::string text) {
        ToolResult result;
        result.add(text_content(std::move(text)));
        return result;
    }

    // A failed run the model can see and react to (not a protocol error).
    static ToolResult error(std::string message) {
        ToolResult result = text(std::move(message));
        result.is_error = true;
        return result;
    }
};

inline void to_json(nlohmann::json& json, const ToolResult& result) {
    json = {{"content", result.content}};
    if (result.structured_content) json["structuredContent"] = *result.structured_content;
    if (result.is_error) json["isError"] = true;
}

// ---- Prompt messages ------------------------------------------------------

struct PromptMessage {
    std::string role;  // "user" or "assistant"
    nlohmann::json content;
};

inline void to_json(nlohmann::json& json, const PromptMessage& message) {
    json = {{"role", message.role}, {"content", message.content}};
}

inline PromptMessage user_message(std::string text) {
    return {"user", text_content(std::move(text))};
}

inline PromptMessage assistant_message(std::string text) {
    return {"assistant", text_content(std::move(text))};
}

}  // namespace plugboard
