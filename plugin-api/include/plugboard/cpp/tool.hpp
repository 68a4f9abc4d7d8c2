// Typed tools: a plain C++ function becomes a tool whose inputSchema comes
// from its parameter types and whose return value becomes a CallToolResult.
#pragma once

#include <plugboard/cpp/call.hpp>
#include <plugboard/cpp/content.hpp>
#include <plugboard/cpp/schema.hpp>

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace plugboard {

// Names one function parameter: C++ cannot reflect parameter names.
// `constraints` is merged into the derived schema, e.g. {{"minimum", 1}}.
struct Param {
    std::string_view name;
    std::string_view description = {};
    nlohmann::json constraints = nlohmann::json::object();
};

namespace detail {

template <class F>
struct callable_traits : callable_traits<decltype(&F::operator())> {};

template <class R, class... A>
struct callable_traits<R (*)(A...)> {
    using result = R;
    using args = std::tuple<std::remove_cvref_t<A>...>;
};
template <class R, class... A>
struct callable_traits<R (*)(A...) noexcept> : callable_traits<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...)> : callable_traits<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) noexcept> : callable_traits<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) const> : callable_traits<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable_traits<R (C::*)(A...) const noexcept> : callable_traits<R (*)(A...)> {};

template <class Tuple>
struct drop_first;
template <class First, class... Rest>
struct drop_first<std::tuple<First, Rest...>> {
    using type = std::tuple<Rest...>;
};

// Async tools take a Call first and answer through it.
template <class F>
struct tool_signature {
    using all_args = typename callable_traits<std::decay_t<F>>::args;
    static constexpr bool async = [] {
        if constexpr (std::tuple_size_v<all_args> == 0) {
            return false;
        } else {
            return std::is_same_v<std::tuple_element_t<0, all_args>, Call>;
        }
    }();
    using args = typename std::conditional_t<async, drop_first<all_args>,
                                             std::type_identity<all_args>>::type;
    using result = typename callable_traits<std::decay_t<F>>::result;
};

template <class Args, std::size_t N, std::size_t... I>
nlohmann::json input_schema_of(const Param (&params)[N], std::index_sequence<I...>) {
    nlohmann::json properties = nlohmann::json::object();
    nlohmann::json required = nlohmann::json::array();
    auto add = [&](const Param& param, nlohmann::json schema, bool optional) {
        if (!param.description.empty()) schema["description"] = std::string(param.description);
        schema.update(param.constraints);
        properties[std::string(param.name)] = std::move(schema);
        if (!optional) required.push_back(std::string(param.name));
    };
    (add(params[I], JsonSchema<std::tuple_element_t<I, Args>>::schema(),
         is_optional_v<std::tuple_element_t<I, Args>>),
     ...);
    nlohmann::json schema = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) schema["required"] = std::move(required);
    return schema;
}

template <class T>
T read_named_argument(const nlohmann::json& arguments, const std::string& name) {
    const auto found = arguments.find(name);
    if (found == arguments.end()) {
        if constexpr (is_optional_v<T>) {
            return std::nullopt;
        } else {
            throw ArgumentError("missing argument '" + name + "'");
        }
    }
    try {
        return read_argument<T>(*found);
    } catch (const ArgumentError& error) {
        throw ArgumentError("invalid argument '" + name + "': " + error.what());
    }
}

template <class Args, std::size_t... I>
Args read_arguments(const nlohmann::json& arguments, const std::vector<std::string>& names,
                    std::index_sequence<I...>) {
    if (!arguments.is_object()) throw ArgumentError("arguments must be an object");
    // Braced initialization reads the arguments left to right.
    return Args{read_named_argument<std::tuple_element_t<I, Args>>(arguments, names[I])...};
}

// An object is structured content (with its text for older clients); any
// other JSON value is only text.
inline nlohmann::json structured_result(const nlohmann::json& value) {
    ToolResult result = ToolResult::text(dump(value));
    if (value.is_object()) result.structured_content = value;
    return result;
}

template <class R>
nlohmann::json to_tool_result(R&& value) {
    using T = std::remove_cvref_t<R>;
    if constexpr (std::is_same_v<T, ToolResult>) {
        return value;
    } else if constexpr (std::is_convertible_v<T, std::string_view>) {
        return ToolResult::text(std::string(std::string_view(value)));
    } else if constexpr (std::is_same_v<T, bool>) {
        return ToolResult::text(value ? "true" : "false");
    } else if constexpr (std::is_arithmetic_v<T>) {
        return ToolResult::text(nlohmann::json(value).dump());
    } else {
        return structured_result(nlohmann::json(std::forward<R>(value)));
    }
}

template <class F>
std::function<void(Call)> typed_tool_handler(F&& fn, std::vector<std::string> names) {
    using Signature = tool_signature<F>;
    using Args = typename Signature::args;
    return [fn = std::forward<F>(fn), names = std::move(names)](Call call) {
        Args values = read_arguments<Args>(call.arguments(), names,
                                           std::make_index_sequence<std::tuple_size_v<Args>>{});
        if constexpr (Signature::async) {
            static_assert(std::is_void_v<typename Signature::result>,
                          "an async tool answers through its Call and returns void");
            std::apply([&](auto&&... args) { fn(std::move(call), std::move(args)...); },
                       std::move(values));
        } else if constexpr (std::is_void_v<typename Signature::result>) {
            std::apply(fn, std::move(values));
            call.complete(ToolResult{});
        } else {
            call.complete(to_tool_result(std::apply(fn, std::move(values))));
        }
    };
}

}  // namespace detail

// The inputSchema a typed tool with these parameter types gets; useful for
// definitions written by hand.
template <class... Args, std::size_t N>
nlohmann::json input_schema(const Param (&params)[N]) {
    static_assert(sizeof...(Args) == N, "give exactly one Param per parameter type");
    return detail::input_schema_of<std::tuple<Args...>>(params, std::index_sequence_for<Args...>{});
}

// The recommended schema of a tool without parameters.
inline nlohmann::json empty_input_schema() {
    return {{"type", "object"}, {"additionalProperties", false}};
}

}  // namespace plugboard
