// Runs a CompiledSchema against a simdjson instance. Instance paths and the dynamic scope live on
// the call stack, so a valid instance is checked without heap allocation (unless the schema uses
// unevaluated*, uniqueItems on long arrays or regexes, which need scratch space).
#pragma once

#include "schema/compiled_schema.hpp"
#include "schema/evaluated.hpp"
#include "schema/instance.hpp"
#include "schema/json_schema.hpp"

#include <simdjson.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace plugboard::schema::detail {

// One step of the path from the root instance to the value being checked.
struct InstancePath {
    const InstancePath* parent = nullptr;
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
};

std::string to_json_pointer(const InstancePath* path);

// The schema resources evaluation passed through, innermost first ($dynamicRef looks here).
struct DynamicScope {
    const DynamicScope* parent = nullptr;
    ResourceId resource = 0;
};

class Evaluator {
  public:
    // With `errors` null only the verdict matters and evaluation stops at the first failure.
    // Errors carry the bare reason; the caller prefixes the location.
    Evaluator(const CompiledSchema& schema, std::vector<ValidationError>* errors,
              std::size_t max_errors) noexcept
        : schema_(schema), errors_(errors), max_errors_(max_errors) {}

    bool evaluate_root(simdjson::dom::element instance);

  private:
    struct Frame {
        Instance instance;
        const InstancePath* path = nullptr;
        const DynamicScope* scope = nullptr;
        std::size_t depth = 0;
    };

    bool evaluate(NodeId id, const Frame& frame, Evaluated* evaluated);
    bool evaluate_in_place(NodeId id, const Frame& frame, Evaluated* evaluated);
    bool evaluate_child(NodeId id, const Frame& parent, Instance child, const InstancePath& path);
    bool matches(NodeId id, const Frame& frame, Evaluated* evaluated) const;

    bool check_type_enum_const(const Node& node, const Frame& frame);
    bool check_references(const Node& node, const Frame& frame, Evaluated* evaluated);
    bool check_number(const Node& node, const Frame& frame);
    bool check_string(const Node& node, const Frame& frame);
    bool check_array(const Node& node, const Frame& frame, Evaluated* evaluated);
    bool check_array_items(const Node& node, const Frame& frame, simdjson::dom::array array,
                           std::size_t size, Evaluated* evaluated);
    bool check_contains(const Node& node, const Frame& frame, simdjson::dom::array array,
                        Evaluated* evaluated);
    bool check_object(const Node& node, const Frame& frame, Evaluated* evaluated);
    bool check_object_members(const Node& node, const Frame& frame, simdjson::dom::object object,
                              Evaluated* evaluated);
    bool check_property_name(const Node& node, const Frame& frame, std::string_view name);
    bool check_combinators(const Node& node, const Frame& frame, Evaluated* evaluated);
    bool check_one_of(const Node& node, const Frame& frame, Evaluated* evaluated);
    bool check_unevaluated(const Node& node, const Frame& frame, Evaluated& evaluated);
    void explain_no_match(std::string_view keyword, const std::vector<NodeId>& alternatives,
                          const Frame& frame);

    // Records a failed check. The reason is built only when errors are collected, so a
    // verdict-only run allocates nothing. Returns true when evaluation should stop.
    // Kept out of line so message building does not enlarge the recursive frames.
    template <typename MakeReason>
    [[gnu::noinline]] bool reject(const InstancePath* path, const MakeReason& make_reason);
    // True once more checking cannot change the outcome: verdict-only mode, or errors are full.
    bool should_stop() const noexcept;

    const CompiledSchema& schema_;
    std::vector<ValidationError>* errors_;
    std::size_t max_errors_;
    // Probes that look for the closest anyOf/oneOf alternative do not probe again.
    bool explain_alternatives_ = true;
};

}  // namespace plugboard::schema::detail
