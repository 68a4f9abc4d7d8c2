#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <yaml-cpp/yaml.h>

namespace plugboard::config::detail {

struct Null {};

// A scalar that has no value, e.g. an integer beyond 64 bits; `message` says why.
struct ScalarError {
    std::string message;
};

using Scalar =
    std::variant<Null, bool, std::int64_t, std::uint64_t, double, std::string, ScalarError>;

// A plain (unquoted, untagged) scalar typed by the YAML 1.2 core schema. std::uint64_t only
// holds integers beyond std::int64_t.
Scalar resolve_plain(std::string_view text);

// What a null or scalar node stands for: quoted scalars are strings, plain ones are typed by
// resolve_plain, and the core schema's tags (!!str, !!int, !!float, !!bool, !!null) are honoured.
Scalar typed_scalar(const YAML::Node& node);

}  // namespace plugboard::config::detail
