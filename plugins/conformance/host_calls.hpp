// Talking to the host: completing calls, registering items, and keeping C++
// exceptions on this side of the C ABI.
#pragma once

#include <plugboard/plugin.h>

#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"

namespace plugboard::conformance {

// Keeps members in the order written: the suite's texts quote JSON verbatim.
using Json = nlohmann::ordered_json;

void complete(Context& context, pb_call* call, const Json& result);
void fail(Context& context, pb_call* call, int32_t status, std::string_view message) noexcept;

// A CallToolResult with one text item.
Json text_result(std::string text, bool is_error = false);

// A JSON span from the host as a value; an absent span is an empty object.
Json parse_span(const char* data, std::size_t size);

// The string member `name` of `object`, if it is there and a string.
std::optional<std::string> string_member(const Json& object, const char* name);

// Runs `step` for `call`; an exception becomes an internal error completion.
// Steps complete their call last, so a throwing step has not completed yet.
template <class Step>
void guard_call(Context& context, pb_call* call, Step&& step) noexcept {
    try {
        step();
    } catch (const std::exception& error) {
        fail(context, call, PB_ERR_INTERNAL, error.what());
    }
}

using Handler = void (*)(Context& context, pb_call* call, const pb_request& request);

// A pb_handler_fn for `handler`; the item's user_data is the Context.
template <Handler handler>
void guarded(void* user_data, pb_call* call, const pb_request* request) noexcept {
    auto& context = *static_cast<Context*>(user_data);
    guard_call(context, call, [&] { handler(context, call, *request); });
}

struct ItemSpec {
    uint32_t kind;
    Json definition;
    pb_handler_fn handler;
};

// Registers every item, with the Context as user_data. Throws
// std::runtime_error with the host's reason when one is refused.
void register_items(Context& context, const std::vector<ItemSpec>& items);

}  // namespace plugboard::conformance
