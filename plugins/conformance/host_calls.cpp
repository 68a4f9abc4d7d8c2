#include "host_calls.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace plugboard::conformance {

void complete(Context& context, pb_call* call, const Json& result) {
    const std::string text = result.dump(-1, ' ', false, Json::error_handler_t::replace);
    context.api->complete(call, PB_OK, text.data(), text.size());
}

void fail(Context& context, pb_call* call, int32_t status, std::string_view message) noexcept {
    context.api->complete(call, status, message.data(), message.size());
}

Json text_result(std::string text, bool is_error) {
    Json result = {{"content", Json::array({{{"type", "text"}, {"text", std::move(text)}}})}};
    if (is_error) result["isError"] = true;
    return result;
}

Json parse_span(const char* data, std::size_t size) {
    if (data == nullptr || size == 0) return Json::object();
    return Json::parse(data, data + size);
}

std::optional<std::string> string_member(const Json& object, const char* name) {
    auto member = object.find(name);
    if (member == object.end() || !member->is_string()) return std::nullopt;
    return member->get<std::string>();
}

void register_items(Context& context, const std::vector<ItemSpec>& items) {
    for (const ItemSpec& spec : items) {
        const std::string definition = spec.definition.dump();
        pb_item item{};
        item.struct_size = sizeof(pb_item);
        item.kind = spec.kind;
        item.definition_json = definition.data();
        item.definition_len = definition.size();
        item.handler = spec.handler;
        item.user_data = &context;
        std::array<char, 512> reason{};
        if (context.api->register_item(context.host, &item, reason.data(), reason.size()) !=
            PB_OK) {
            throw std::runtime_error("cannot register " + definition + ": " + reason.data());
        }
    }
}

}  // namespace plugboard::conformance
