#include "json/message.hpp"

#include <cstdint>

#include "protocol/errors.hpp"

namespace plugboard::json {
namespace {

namespace od = simdjson::ondemand;

// Raw JSON text of any value, scalar or not.
simdjson::simdjson_result<std::string_view> raw_text(od::value value) {
    od::json_type type;
    if (auto error = value.type().get(type)) return error;
    if (type == od::json_type::object) {
        od::object object;
        if (auto error = value.get_object().get(object)) return error;
        return trim_token(object.raw_json());
    }
    if (type == od::json_type::array) {
        od::array array;
        if (auto error = value.get_array().get(array)) return error;
        return trim_token(array.raw_json());
    }
    return trim_token(value.raw_json_token());
}

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

Frame FrameParser::parse(const simdjson::padded_string& text) {
    Frame frame;
    // On-Demand skips what it is not asked for, so a full validation pass
    // first guarantees every span handed on (to plugins too) is valid JSON.
    simdjson::dom::element root;
    if (auto error = validator_.parse(text).get(root)) {
        frame.parse_error = true;
        frame.parse_error_detail = simdjson::error_message(error);
        return frame;
    }
    od::document document;
    if (parser_.iterate(text).get(document)) {
        frame.parse_error = true;
        frame.parse_error_detail = "unreadable document";
        return frame;
    }
    if (root.is_array()) {
        frame.is_batch = true;
        od::array array;
        if (document.get_array().get(array)) {
            frame.parse_error = true;
            return frame;
        }
        auto dom_members = root.get_array().value_unsafe().begin();
        for (auto element : array) {
            const simdjson::dom::element dom = *dom_members;
            ++dom_members;
            od::value value;
            if (element.get(value)) {
                frame.entries.push_back(
                    invalid({}, protocol::kInvalidRequest, "unreadable batch member"));
                continue;
            }
            frame.entries.push_back(parse_message(value, dom));
        }
        if (frame.entries.empty()) {
            // JSON-RPC 2.0: an empty array is one invalid request, answered alone.
            frame.is_batch = false;
            frame.entries.push_back(invalid({}, protocol::kInvalidRequest, "empty batch"));
        }
        return frame;
    }
    od::value value;
    if (document.get_value().get(value)) {
        frame.entries.push_back(
            invalid({}, protocol::kInvalidRequest, "a message must be a JSON object"));
        return frame;
    }
    frame.entries.push_back(parse_message(value, root));
    return frame;
}

Entry FrameParser::parse_message(od::value value, simdjson::dom::element dom) {
    od::object object;
    if (value.get_object().get(object)) {
        return invalid({}, protocol::kInvalidRequest, "a message must be a JSON object");
    }
    Message message;
    bool has_id = false, id_valid = true, has_method = false, method_valid = true;
    bool has_result = false, has_error = false, params_valid = true;
    std::string_view jsonrpc;
    bool jsonrpc_present = false;
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) {
            return invalid({}, protocol::kInvalidRequest, "unreadable member name");
        }
        od::value member = field.value();
        od::json_type type;
        if (member.type().get(type)) {
            return invalid({}, protocol::kInvalidRequest, "unreadable member");
        }
        if (key == "jsonrpc") {
            jsonrpc_present = true;
            if (type != od::json_type::string || member.get_string().get(jsonrpc)) jsonrpc = {};
        } else if (key == "id") {
            has_id = true;
            if (raw_text(member).get(message.id))
                return invalid({}, protocol::kInvalidRequest, "unreadable id");
            if (type == od::json_type::number) {
                od::number_type number_type;
                id_valid = !member.get_number_type().get(number_type) &&
                           (number_type == od::number_type::signed_integer ||
                            number_type == od::number_type::unsigned_integer);
            } else {
                id_valid = type == od::json_type::string;
            }
        } else if (key == "method") {
            has_method = true;
            method_valid =
                type == od::json_type::string && !member.get_string().get(message.method);
        } else if (key == "params") {
            params_valid = type == od::json_type::object;
            if (raw_text(member).get(message.params)) params_valid = false;
        } else if (key == "result") {
            has_result = true;
            if (raw_text(member).get(message.result)) has_result = false;
        } else if (key == "error") {
            has_error = true;
            if (raw_text(member).get(message.error)) has_error = false;
        }
    }
    const std::string_view id = has_id && id_valid ? message.id : std::string_view{};
    const bool jsonrpc_valid = jsonrpc_present && jsonrpc == "2.0";
    if (has_id && id_valid) {
        simdjson::dom::element id_element;
        if (!dom["id"].get(id_element)) message.id_key = canonical_id(id_element);
    }
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
    if (!message.params.empty() && params_valid) {
        params_valid = !dom["params"].get(message.params_dom);
    }
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
