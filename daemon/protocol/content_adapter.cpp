#include "protocol/content_adapter.hpp"

#include <boost/json.hpp>

namespace plugboard::protocol {
namespace {

namespace bj = boost::json;

// Returns true if the block was rewritten.
bool adapt_block(Revision revision, bj::object& block) {
    const bj::string* type = block.contains("type") ? block.at("type").if_string() : nullptr;
    if (!type) return false;
    std::string text;
    if (*type == "audio" && !has_audio_content(revision)) {
        const bj::string* mime =
            block.contains("mimeType") ? block.at("mimeType").if_string() : nullptr;
        text = "[audio content (" + std::string(mime ? *mime : "unknown type") +
               ") omitted: protocol " + std::string(to_string(revision)) + " cannot carry audio]";
    } else if (*type == "resource_link" && !has_structured_tool_output(revision)) {
        const bj::string* uri = block.contains("uri") ? block.at("uri").if_string() : nullptr;
        const bj::string* name = block.contains("name") ? block.at("name").if_string() : nullptr;
        text = "Resource: " + std::string(uri ? *uri : "");
        if (name) text += " (" + std::string(*name) + ")";
    } else {
        return false;
    }
    block = bj::object{{"type", "text"}, {"text", text}};
    return true;
}

}  // namespace

std::string adapt_content(Revision revision, std::string result) {
    const bool audio_unknown =
        !has_audio_content(revision) && result.find("\"audio\"") != std::string::npos;
    const bool links_unknown = !has_structured_tool_output(revision) &&
                               result.find("\"resource_link\"") != std::string::npos;
    if (!audio_unknown && !links_unknown) return result;

    boost::system::error_code error;
    bj::value parsed = bj::parse(result, error);
    if (error || !parsed.is_object()) return result;
    bool changed = false;
    bj::object& object = parsed.get_object();
    if (auto* content = object.if_contains("content"); content && content->is_array()) {
        for (auto& block : content->get_array()) {
            if (block.is_object()) changed |= adapt_block(revision, block.get_object());
        }
    }
    if (auto* messages = object.if_contains("messages"); messages && messages->is_array()) {
        for (auto& message : messages->get_array()) {
            auto* content =
                message.is_object() ? message.get_object().if_contains("content") : nullptr;
            if (content && content->is_object())
                changed |= adapt_block(revision, content->get_object());
        }
    }
    return changed ? bj::serialize(parsed) : result;
}

}  // namespace plugboard::protocol
