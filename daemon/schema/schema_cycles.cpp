#include "schema/schema_cycles.hpp"

#include <utility>
#include <vector>

namespace plugboard::schema::detail {
namespace {

// Subschemas applied to the same instance as their parent.
std::vector<std::vector<NodeId>> in_place_edges(const CompiledSchema& schema) {
    std::vector<std::vector<NodeId>> edges(schema.nodes.size());
    for (NodeId id = 0; id < schema.nodes.size(); ++id) {
        const Node& node = schema.nodes[id];
        auto& out = edges[id];
        for (const NodeId target :
             {node.ref, node.not_schema, node.if_schema, node.then_schema, node.else_schema}) {
            if (target != kNoNode) out.push_back(target);
        }
        for (const auto* list : {&node.all_of, &node.any_of, &node.one_of}) {
            out.insert(out.end(), list->begin(), list->end());
        }
        for (const auto& dependent : node.dependent_schemas)
            out.push_back(dependent.node);
        if (!node.dynamic_ref) continue;
        out.push_back(node.dynamic_ref->static_target);
        if (!node.dynamic_ref->anchor) continue;
        // Any resource's matching anchor may be chosen at run time.
        for (const auto& resource : schema.resources) {
            for (const auto& anchor : resource.dynamic_anchors) {
                if (anchor.name == *node.dynamic_ref->anchor) out.push_back(anchor.node);
            }
        }
    }
    return edges;
}

}  // namespace

std::optional<NodeId> find_non_consuming_cycle(const CompiledSchema& schema) {
    const auto edges = in_place_edges(schema);
    constexpr char kUnvisited = 0;
    constexpr char kOnStack = 1;
    constexpr char kDone = 2;
    std::vector<char> state(schema.nodes.size(), kUnvisited);
    std::vector<std::pair<NodeId, std::size_t>> stack;  // node, next edge to follow
    for (NodeId start = 0; start < schema.nodes.size(); ++start) {
        if (state[start] != kUnvisited) continue;
        state[start] = kOnStack;
        stack.emplace_back(start, 0);
        while (!stack.empty()) {
            auto& [id, next] = stack.back();
            if (next == edges[id].size()) {
                state[id] = kDone;
                stack.pop_back();
                continue;
            }
            const NodeId target = edges[id][next++];
            if (state[target] == kOnStack) return target;
            if (state[target] == kUnvisited) {
                state[target] = kOnStack;
                stack.emplace_back(target, 0);
            }
        }
    }
    return std::nullopt;
}

}  // namespace plugboard::schema::detail
