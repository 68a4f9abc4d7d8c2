#include "responses.hpp"

#include <stdexcept>

namespace plugboard::integration {
namespace {

[[noreturn]] void missing(std::string_view what, const bj::object& message) {
    throw std::runtime_error("expected " + std::string(what) + " in " + bj::serialize(message));
}

}  // namespace

const bj::object& result_of(const bj::object& response) {
    const bj::value* result = response.if_contains("result");
    if (result == nullptr || !result->is_object()) missing("a result object", response);
    return result->get_object();
}

const bj::object& error_of(const bj::object& response) {
    const bj::value* error = response.if_contains("error");
    if (error == nullptr || !error->is_object()) missing("an error object", response);
    return error->get_object();
}

std::int64_t error_code(const bj::object& response) {
    const bj::value* code = error_of(response).if_contains("code");
    if (code == nullptr || !code->is_int64()) missing("an integer error code", response);
    return code->get_int64();
}

std::string error_message(const bj::object& response) {
    const bj::value* message = error_of(response).if_contains("message");
    if (message == nullptr || !message->is_string()) missing("an error message", response);
    return std::string(message->get_string());
}

std::string first_text(const bj::object& call_result) {
    const bj::value* content = call_result.if_contains("content");
    if (content == nullptr || !content->is_array() || content->get_array().empty()) {
        missing("non-empty content", call_result);
    }
    const bj::value& block = content->get_array().front();
    const bj::value* text = block.is_object() ? block.get_object().if_contains("text") : nullptr;
    if (text == nullptr || !text->is_string()) missing("a text block first", call_result);
    return std::string(text->get_string());
}

bool is_tool_error(const bj::object& call_result) {
    const bj::value* flag = call_result.if_contains("isError");
    return flag != nullptr && flag->is_bool() && flag->get_bool();
}

std::set<std::string> members(const bj::array& items, std::string_view key) {
    std::set<std::string> values;
    for (const bj::value& item : items) {
        const bj::value* value = item.is_object() ? item.get_object().if_contains(key) : nullptr;
        if (value == nullptr || !value->is_string()) {
            throw std::runtime_error("no string \"" + std::string(key) + "\" in " +
                                     bj::serialize(item));
        }
        values.emplace(value->get_string());
    }
    return values;
}

bj::object tool_call(std::string_view name, bj::object arguments) {
    return {{"name", name}, {"arguments", std::move(arguments)}};
}

}  // namespace plugboard::integration
