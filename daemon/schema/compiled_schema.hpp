// The compiled form of a schema: a flat table of nodes that refer to each other by index, so
// recursive `$ref`s are plain integers and evaluation needs no lookups by URI.
#pragma once

#include "schema/ecma_regex.hpp"
#include "schema/json_number.hpp"
#include "schema/json_schema.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace plugboard::schema::detail {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

using ResourceId = std::uint32_t;

// Bits of the `type` keyword.
enum TypeBit : std::uint8_t {
    kTypeNull = 1U << 0U,
    kTypeBoolean = 1U << 1U,
    kTypeObject = 1U << 2U,
    kTypeArray = 1U << 3U,
    kTypeNumber = 1U << 4U,
    kTypeString = 1U << 5U,
    kTypeInteger = 1U << 6U,
};

struct NamedSubschema {
    std::string name;
    NodeId node = kNoNode;
};

struct PatternSubschema {
    EcmaRegex pattern;
    NodeId node = kNoNode;
};

struct DependentRequired {
    std::string property;
    std::vector<std::string> required;
};

// How a `$dynamicRef` (or 2019-09 `$recursiveRef`) picks its target at run time.
struct DynamicRef {
    NodeId static_target = kNoNode;
    // Set when the static target carries the matching dynamic anchor: then the outermost
    // resource of the dynamic scope that declares `anchor` wins.
    std::optional<std::string> anchor;
};

struct Node {
    // Boolean schemas and `{}` compile to nodes with no keywords; `false` sets this.
    bool always_false = false;
    ResourceId resource = 0;

    std::uint8_t types = 0;  // TypeBit mask, 0 = no `type` keyword
    std::optional<std::vector<boost::json::value>> enum_values;
    std::optional<boost::json::value> const_value;

    NodeId ref = kNoNode;
    std::optional<DynamicRef> dynamic_ref;
    std::vector<NodeId> all_of;
    std::vector<NodeId> any_of;
    std::vector<NodeId> one_of;
    NodeId not_schema = kNoNode;
    NodeId if_schema = kNoNode;
    NodeId then_schema = kNoNode;
    NodeId else_schema = kNoNode;

    std::optional<JsonNumber> minimum;
    std::optional<JsonNumber> maximum;
    std::optional<JsonNumber> exclusive_minimum;
    std::optional<JsonNumber> exclusive_maximum;
    std::optional<JsonNumber> multiple_of;

    std::optional<std::size_t> min_length;
    std::optional<std::size_t> max_length;
    std::optional<EcmaRegex> pattern;

    std::vector<NodeId> prefix_items;
    NodeId items = kNoNode;  // applies to every item after prefix_items
    NodeId contains = kNoNode;
    std::size_t min_contains = 1;
    std::optional<std::size_t> max_contains;
    bool contains_marks_evaluated = false;  // 2020-12: matched items count for unevaluatedItems
    std::optional<std::size_t> min_items;
    std::optional<std::size_t> max_items;
    bool unique_items = false;
    NodeId unevaluated_items = kNoNode;

    std::vector<NamedSubschema> properties;  // sorted by name
    std::vector<PatternSubschema> pattern_properties;
    NodeId additional_properties = kNoNode;
    NodeId property_names = kNoNode;
    std::optional<std::size_t> min_properties;
    std::optional<std::size_t> max_properties;
    std::vector<std::string> required;
    std::vector<DependentRequired> dependent_required;
    std::vector<NamedSubschema> dependent_schemas;
    NodeId unevaluated_properties = kNoNode;
};

struct Resource {
    std::string uri;
    std::vector<NamedSubschema> dynamic_anchors;
};

struct CompiledSchema {
    Dialect dialect = Dialect::draft2020_12;
    NodeId root = kNoNode;
    std::vector<Node> nodes;
    std::vector<Resource> resources;
    std::size_t max_evaluation_depth = 512;
};

}  // namespace plugboard::schema::detail
