#pragma once

#include <optional>
#include <string>

#include "config/diagnostics.hpp"
#include "config/node_reader.hpp"

namespace plugboard::config::detail {

// A plugin's `config:` block as compact JSON: a mapping becomes an object ("{}" for an empty
// value), sequences arrays, and scalars are typed as in scalar.hpp. What JSON cannot hold
// (a block that is not a mapping, non-string keys, .inf, .nan) is reported and gives nullopt.
std::optional<std::string> config_block_to_json(const Entry& block, Diagnostics& diagnostics);

}  // namespace plugboard::config::detail
