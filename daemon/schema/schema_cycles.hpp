// Finds `$ref` loops that never descend into the instance ({"$ref": "#"} at the root, or two
// definitions referring to each other through allOf): evaluating them would never end.
#pragma once

#include "schema/compiled_schema.hpp"

#include <optional>

namespace plugboard::schema::detail {

// A node on such a loop, or nullopt when there is none.
std::optional<NodeId> find_non_consuming_cycle(const CompiledSchema& schema);

}  // namespace plugboard::schema::detail
