#include "json/message.hpp"

#include <cstdint>

#include "json/value_spans.hpp"
#include "protocol/errors.hpp"

namespace plugboard::json {
namespace {

namespace dom = simdjson::dom;

constexpr std::size_t kEntriesKept = 64;

InvalidMessage invalid(std::string_view id, int code, std::string message) {
    return InvalidMessage{id.empty() ? std::string("null") : std::string(id), code,
                          std::move(message)};
}

}  // namespace

std::string_view trim_token(std::string_view token) {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                              token.back() == '\r')) {
        token.remove_suffix(1);
    }
    return token;
}

const Frame& FrameParser::parse(std::string_view text) {
    Frame& frame = frame_;
    frame.is_batch = false;
    frame.parse_error = false;
    frame.parse_error_detail.clear();
    frame.entries.clear();
    // A huge batch should not pin its memory to this thread for good.
    if (frame.entries.capacity() > kEntriesKept) frame.entries.shrink_to_fit();
    // One validating pass; the spans handed on (to plugins too) are then
    // found by walking text that is known to be valid JSON.
    dom::element root;
    if (auto error = parser_.parse(text.data(), text.size()).get(root)) {
        frame.parse_error = true;
        frame.parse_error_detail = simdjson::error_message(error);
        return frame;
    }
    text = trim_token(text.substr(text.find_first_not_of(" \t\n\r")));
    if (root.is_array()) {
        frame.is_batch = true;
        const dom::array members = root.get_array().value_unsafe();
        ValueSpans spans(text, members);
        for (dom::element element : members) {
            frame.entries.push_back(parse_message(element, spans.next_value()));
        }
        if (frame.entries.empty()) {
            // JSON-RPC 2.0: an empty array is one invalid request, answered alone.
            frame.is_batch = false;
            frame.entries.push_back(invalid({}, protocol::kInvalidRequest, "empty batch"));
        }
        return frame;
    }
    frame.entries.push_back(parse_message(root, text));
    return frame;
}

Entry FrameParser::parse_message(dom::element value, std::string_view text) {
    dom::object object;
    if (value.get_object().get(object)) {
        return invalid({}, protocol::kInvalidRequest, "a message must be a JSON object");
    }
    Message message;
    bool has_id = false, id_valid = true, has_method = false, method_valid = true;
    bool has_result = false, has_error = false, params_valid = true;
    std::string_view jsonrpc;
    bool jsonrpc_present = false;
    dom::element id_element;
    ValueSpans spans(text, object);
    for (auto [key, member] : object) {
        const std::string_view member_text = spans.next_value();
        if (key == "jsonrpc") {
            jsonrpc_present = true;
            if (member.get_string().get(jsonrpc)) jsonrpc = {};
        } else if (key == "id") {
            has_id = true;
            message.id = member_text;
            id_element = member;
            id_valid = member.is_string() || member.is_int64() || member.is_uint64();
        } else if (key == "method") {
            has_method = true;
            method_valid = !member.get_string().get(message.method);
        } else if (key == "params") {
            params_valid = member.is_object();
            message.params = member_text;
            message.params_dom = member;
        } else if (key == "result") {
            has_result = true;
            message.result = member_text;
        } else if (key == "error") {
            has_error = true;
            message.error = member_text;
        }
    }
    const std::string_view id = has_id && id_valid ? message.id : std::string_view{};
    const bool jsonrpc_valid = jsonrpc_present && jsonrpc == "2.0";
    if (has_id && id_valid) message.id_key = canonical_id(id_element);
    if (!has_method && (has_result || has_error)) {
        // A response from the client. Even a broken one is never answered.
        if (jsonrpc_valid && has_id && id_valid && has_result != has_error) {
            message.kind = MessageKind::Response;
            return message;
        }
        auto error = invalid(id, protocol::kInvalidRequest, "malformed response");
        error.answer = false;
        return error;
    }
    if (!jsonrpc_valid)
        return invalid(id, protocol::kInvalidRequest, R"(the "jsonrpc" member must be "2.0")");
    if (has_id && !id_valid) {
        return invalid({}, protocol::kInvalidRequest, "the id must be a string or an integer");
    }
    if (!has_method) {
        return invalid(id, protocol::kInvalidRequest,
                       "a message needs a method (request or notification) or an id with a result "
                       "or error (response)");
    }
    if (!method_valid) return invalid(id, protocol::kInvalidRequest, "the method must be a string");
    message.kind = has_id ? MessageKind::Request : MessageKind::Notification;
    if (!params_valid) {
        auto error = invalid(id, protocol::kInvalidParams, "params must be a JSON object");
        error.answer = has_id;
        return error;
    }
    return message;
}

std::string canonical_id(simdjson::dom::element id) {
    std::string_view text;
    if (!id.get_string().get(text)) return "s" + std::string(text);
    std::int64_t number = 0;
    if (!id.get_int64().get(number)) return "n" + std::to_string(number);
    std::uint64_t large = 0;
    if (!id.get_uint64().get(large)) return "n" + std::to_string(large);
    return "?" + simdjson::minify(id);
}

}  // namespace plugboard::json
