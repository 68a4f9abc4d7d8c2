#include "schema/evaluator.hpp"

#include "schema/error_text.hpp"
#include "schema/json_equality.hpp"
#include "schema/json_number.hpp"
#include "schema/uri_reference.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <utility>

namespace plugboard::schema::detail {
namespace {

constexpr std::size_t kNoIndex = std::numeric_limits<std::size_t>::max();
// simdjson saturates size() at this value; larger containers must be counted.
constexpr std::size_t kSaturatedSize = 0xFFFFFF;
// Up to this many items uniqueItems compares pairwise in place; beyond, it sorts by hash.
constexpr std::size_t kPairwiseUniqueLimit = 16;

template <typename Container>
std::size_t count_members(Container container) {
    const std::size_t size = container.size();
    if (size < kSaturatedSize) return size;
    std::size_t counted = 0;
    for ([[maybe_unused]] const auto member : container)
        ++counted;
    return counted;
}

bool has_member(simdjson::dom::object object, std::string_view key) {
    return !object.at_key(key).error();
}

// Out of line: its scratch array would otherwise sit in every recursive frame.
[[gnu::noinline]] std::pair<std::size_t, std::size_t> find_duplicate(simdjson::dom::array array,
                                                                     std::size_t size) {
    if (size <= kPairwiseUniqueLimit) {
        std::array<simdjson::dom::element, kPairwiseUniqueLimit> items{};
        std::size_t count = 0;
        for (const auto item : array)
            items[count++] = item;
        for (std::size_t i = 0; i < count; ++i) {
            for (std::size_t j = i + 1; j < count; ++j) {
                if (json_equal(items[i], items[j])) return {i, j};
            }
        }
        return {kNoIndex, kNoIndex};
    }
    struct Hashed {
        std::size_t hash;
        std::size_t index;
        simdjson::dom::element element;
    };
    std::vector<Hashed> hashed;
    hashed.reserve(size);
    for (const auto item : array)
        hashed.push_back({json_hash(item), hashed.size(), item});
    std::sort(hashed.begin(), hashed.end(), [](const Hashed& a, const Hashed& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.index < b.index;
    });
    for (std::size_t run = 0; run < hashed.size();) {
        std::size_t end = run + 1;
        while (end < hashed.size() && hashed[end].hash == hashed[run].hash)
            ++end;
        for (std::size_t i = run; i < end; ++i) {
            for (std::size_t j = i + 1; j < end; ++j) {
                if (json_equal(hashed[i].element, hashed[j].element)) {
                    return {hashed[i].index, hashed[j].index};
                }
            }
        }
        run = end;
    }
    return {kNoIndex, kNoIndex};
}

}  // namespace

std::string to_json_pointer(const InstancePath* path) {
    std::vector<const InstancePath*> steps;
    for (; path != nullptr; path = path->parent)
        steps.push_back(path);
    std::string pointer;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        pointer.push_back('/');
        pointer.append((*it)->is_index ? std::to_string((*it)->index)
                                       : escape_json_pointer_token((*it)->key));
    }
    return pointer;
}

bool Evaluator::evaluate_root(simdjson::dom::element instance) {
    const Frame frame{Instance::of(instance), nullptr, nullptr, 0};
    return evaluate(schema_.root, frame, nullptr);
}

bool Evaluator::should_stop() const noexcept {
    return errors_ == nullptr || errors_->size() >= max_errors_;
}

template <typename MakeReason>
[[gnu::noinline]] bool Evaluator::reject(const InstancePath* path, const MakeReason& make_reason) {
    if (errors_ == nullptr) return true;
    if (errors_->size() < max_errors_) {
        errors_->push_back(ValidationError{to_json_pointer(path), make_reason()});
    }
    return errors_->size() >= max_errors_;
}

bool Evaluator::evaluate_in_place(NodeId id, const Frame& frame, Evaluated* evaluated) {
    const Frame inner{frame.instance, frame.path, frame.scope, frame.depth + 1};
    return evaluate(id, inner, evaluated);
}

bool Evaluator::evaluate_child(NodeId id, const Frame& parent, Instance child,
                               const InstancePath& path) {
    const Frame inner{child, &path, parent.scope, parent.depth + 1};
    return evaluate(id, inner, nullptr);
}

bool Evaluator::matches(NodeId id, const Frame& frame, Evaluated* evaluated) const {
    Evaluator verdict_only(schema_, nullptr, 0);
    return verdict_only.evaluate_in_place(id, frame, evaluated);
}

bool Evaluator::evaluate(NodeId id, const Frame& frame, Evaluated* evaluated) {
    const Node& node = schema_.nodes[id];
    if (frame.depth > schema_.max_evaluation_depth) {
        reject(frame.path, [] {
            return std::string("value is nested too deeply for its schema to be checked");
        });
        return false;
    }
    if (node.always_false) {
        reject(frame.path, [] { return std::string("no value is allowed here"); });
        return false;
    }

    DynamicScope entered{frame.scope, node.resource};
    Frame here = frame;
    if (frame.scope == nullptr || frame.scope->resource != node.resource) here.scope = &entered;

    // A node with unevaluated* collects annotations of its own and passes them on if it holds.
    std::optional<Evaluated> own;
    Evaluated* tracker = evaluated;
    if (node.unevaluated_items != kNoNode || node.unevaluated_properties != kNoNode) {
        own.emplace();
        tracker = &*own;
    }

    bool valid = true;
    // Returns false when evaluation should end early.
    const auto keep_going = [&](bool passed) {
        if (!passed) valid = false;
        return passed || !should_stop();
    };
    if (!keep_going(check_type_enum_const(node, here))) return false;
    if (!keep_going(check_references(node, here, tracker))) return false;
    switch (here.instance.kind) {
        case InstanceKind::number:
            if (!keep_going(check_number(node, here))) return false;
            break;
        case InstanceKind::string:
            if (!keep_going(check_string(node, here))) return false;
            break;
        case InstanceKind::array:
            if (!keep_going(check_array(node, here, tracker))) return false;
            break;
        case InstanceKind::object:
            if (!keep_going(check_object(node, here, tracker))) return false;
            break;
        default:
            break;
    }
    if (!keep_going(check_combinators(node, here, tracker))) return false;
    if (own) {
        if (!keep_going(check_unevaluated(node, here, *own))) return false;
        if (valid && evaluated != nullptr) evaluated->merge(*own);
    }
    return valid;
}

bool Evaluator::check_type_enum_const(const Node& node, const Frame& frame) {
    const Instance& instance = frame.instance;
    bool valid = true;
    if (node.types != 0) {
        std::uint8_t actual = 0;
        switch (instance.kind) {
            case InstanceKind::null:
                actual = kTypeNull;
                break;
            case InstanceKind::boolean:
                actual = kTypeBoolean;
                break;
            case InstanceKind::string:
                actual = kTypeString;
                break;
            case InstanceKind::array:
                actual = kTypeArray;
                break;
            case InstanceKind::object:
                actual = kTypeObject;
                break;
            case InstanceKind::number:
                actual = JsonNumber::from_element(instance.element)->is_integral()
                             ? static_cast<std::uint8_t>(kTypeNumber | kTypeInteger)
                             : static_cast<std::uint8_t>(kTypeNumber);
                break;
        }
        if ((node.types & actual) == 0) {
            valid = false;
            const bool stop = reject(frame.path, [&] {
                std::string reason = "expected " + describe_types(node.types) + ", got " +
                                     std::string(kind_name(instance.kind));
                if (instance.kind != InstanceKind::array && instance.kind != InstanceKind::object &&
                    instance.kind != InstanceKind::null) {
                    reason += " " + describe_instance(instance);
                }
                return reason;
            });
            if (stop) return false;
        }
    }
    if (node.enum_values) {
        const auto& values = *node.enum_values;
        const bool found = std::any_of(values.begin(), values.end(), [&](const auto& value) {
            return json_equal(instance, value);
        });
        if (!found) {
            valid = false;
            const bool stop = reject(frame.path, [&] {
                constexpr std::size_t kListed = 10;
                std::string allowed;
                for (std::size_t i = 0; i < values.size() && i < kListed; ++i) {
                    if (i > 0) allowed += ", ";
                    allowed += describe_json(values[i]);
                }
                if (values.size() > kListed) allowed += ", ...";
                return "must be one of: " + allowed + " (got " + describe_instance(instance) + ")";
            });
            if (stop) return false;
        }
    }
    if (node.const_value && !json_equal(instance, *node.const_value)) {
        valid = false;
        reject(frame.path, [&] {
            return "must be equal to " + describe_json(*node.const_value) + " (got " +
                   describe_instance(instance) + ")";
        });
    }
    return valid;
}

bool Evaluator::check_references(const Node& node, const Frame& frame, Evaluated* evaluated) {
    bool valid = true;
    if (node.ref != kNoNode && !evaluate_in_place(node.ref, frame, evaluated)) {
        valid = false;
        if (should_stop()) return false;
    }
    if (node.dynamic_ref) {
        NodeId target = node.dynamic_ref->static_target;
        if (node.dynamic_ref->anchor) {
            // The outermost resource in the dynamic scope that declares the anchor wins.
            for (const DynamicScope* scope = frame.scope; scope != nullptr; scope = scope->parent) {
                for (const auto& anchor : schema_.resources[scope->resource].dynamic_anchors) {
                    if (anchor.name == *node.dynamic_ref->anchor) {
                        target = anchor.node;
                        break;
                    }
                }
            }
        }
        if (!evaluate_in_place(target, frame, evaluated)) valid = false;
    }
    return valid;
}

bool Evaluator::check_number(const Node& node, const Frame& frame) {
    const JsonNumber number = *JsonNumber::from_element(frame.instance.element);
    bool valid = true;
    // Returns true when evaluation should stop.
    const auto check = [&](bool passed, std::string_view relation, const JsonNumber& bound) {
        if (passed) return false;
        valid = false;
        return reject(frame.path, [&] {
            return number.to_string() + std::string(relation) + bound.to_string();
        });
    };
    if (node.minimum &&
        check(number >= *node.minimum, " is less than the minimum of ", *node.minimum)) {
        return false;
    }
    if (node.maximum &&
        check(number <= *node.maximum, " is greater than the maximum of ", *node.maximum)) {
        return false;
    }
    if (node.exclusive_minimum && check(number > *node.exclusive_minimum, " must be greater than ",
                                        *node.exclusive_minimum)) {
        return false;
    }
    if (node.exclusive_maximum &&
        check(number < *node.exclusive_maximum, " must be less than ", *node.exclusive_maximum)) {
        return false;
    }
    if (node.multiple_of && check(number.is_multiple_of(*node.multiple_of),
                                  " is not a multiple of ", *node.multiple_of)) {
        return false;
    }
    return valid;
}

bool Evaluator::check_string(const Node& node, const Frame& frame) {
    const std::string_view text = frame.instance.text;
    bool valid = true;
    if (node.min_length || node.max_length) {
        const std::size_t length = count_code_points(text);
        if (node.min_length && length < *node.min_length) {
            valid = false;
            if (reject(frame.path, [&] {
                    return "must be at least " +
                           count_of(*node.min_length, "character", "characters") + " long (got " +
                           std::to_string(length) + ")";
                })) {
                return false;
            }
        }
        if (node.max_length && length > *node.max_length) {
            valid = false;
            if (reject(frame.path, [&] {
                    return "must be at most " +
                           count_of(*node.max_length, "character", "characters") + " long (got " +
                           std::to_string(length) + ")";
                })) {
                return false;
            }
        }
    }
    if (node.pattern) {
        const auto matched = node.pattern->search(text);
        if (!matched.value_or(false)) {
            valid = false;
            reject(frame.path, [&] {
                if (!matched) {
                    return "could not be checked against the pattern " +
                           quote(node.pattern->source()) + " (too complex)";
                }
                return describe_instance(frame.instance) + " does not match the pattern " +
                       quote(node.pattern->source());
            });
        }
    }
    return valid;
}

bool Evaluator::check_array(const Node& node, const Frame& frame, Evaluated* evaluated) {
    const auto array = as_array(frame.instance.element);
    const bool needs_size = node.min_items || node.max_items || node.unique_items ||
                            (node.items != kNoNode && schema_.nodes[node.items].always_false);
    const std::size_t size = needs_size ? count_members(array) : 0;
    bool valid = true;
    if (node.min_items && size < *node.min_items) {
        valid = false;
        if (reject(frame.path, [&] {
                return "array has " + count_of(size, "item", "items") +
                       ", fewer than the minimum of " + std::to_string(*node.min_items);
            })) {
            return false;
        }
    }
    if (node.max_items && size > *node.max_items) {
        valid = false;
        if (reject(frame.path, [&] {
                return "array has " + count_of(size, "item", "items") +
                       ", more than the maximum of " + std::to_string(*node.max_items);
            })) {
            return false;
        }
    }
    if (node.unique_items && size > 1) {
        if (const auto [first, second] = find_duplicate(array, size); first != kNoIndex) {
            valid = false;
            if (reject(frame.path, [&] {
                    return "items " + std::to_string(first) + " and " + std::to_string(second) +
                           " are equal, but items must be unique";
                })) {
                return false;
            }
        }
    }
    if (!check_array_items(node, frame, array, size, evaluated)) {
        valid = false;
        if (should_stop()) return false;
    }
    if (node.contains != kNoNode && !check_contains(node, frame, array, evaluated)) valid = false;
    return valid;
}

bool Evaluator::check_array_items(const Node& node, const Frame& frame, simdjson::dom::array array,
                                  std::size_t size, Evaluated* evaluated) {
    const std::size_t prefix = node.prefix_items.size();
    if (prefix == 0 && node.items == kNoNode) return true;
    bool valid = true;
    std::size_t index = 0;
    for (const auto item : array) {
        const NodeId applies = index < prefix ? node.prefix_items[index] : node.items;
        if (applies == kNoNode) break;
        if (index >= prefix && schema_.nodes[applies].always_false) {
            reject(frame.path, [&] {
                return "array has " + count_of(size, "item", "items") + ", but at most " +
                       std::to_string(prefix) + " are allowed";
            });
            return false;
        }
        const InstancePath path{frame.path, {}, index, true};
        if (!evaluate_child(applies, frame, Instance::of(item), path)) {
            valid = false;
            if (should_stop()) return false;
        }
        ++index;
    }
    if (evaluated != nullptr) {
        if (node.items != kNoNode) {
            evaluated->mark_all();
        } else {
            evaluated->mark_first(index);
        }
    }
    return valid;
}

bool Evaluator::check_contains(const Node& node, const Frame& frame, simdjson::dom::array array,
                               Evaluated* evaluated) {
    const bool marks = evaluated != nullptr && node.contains_marks_evaluated;
    if (node.min_contains == 0 && !node.max_contains && !marks) return true;
    std::size_t matched = 0;
    std::size_t index = 0;
    for (const auto item : array) {
        const Frame item_frame{Instance::of(item), frame.path, frame.scope, frame.depth + 1};
        if (matches(node.contains, item_frame, nullptr)) {
            ++matched;
            if (marks) evaluated->mark(index);
            // The verdict is settled once enough items matched and nothing else is needed.
            if (!marks && !node.max_contains && matched >= node.min_contains) break;
        }
        ++index;
    }
    if (matched < node.min_contains) {
        reject(frame.path, [&] {
            if (node.min_contains == 1) {
                return std::string("array has no item that matches the \"contains\" schema");
            }
            return "array has " + count_of(matched, "item", "items") +
                   " matching the \"contains\" schema, fewer than the minimum of " +
                   std::to_string(node.min_contains);
        });
        return false;
    }
    if (node.max_contains && matched > *node.max_contains) {
        reject(frame.path, [&] {
            return "array has " + count_of(matched, "item", "items") +
                   " matching the \"contains\" schema, more than the maximum of " +
                   std::to_string(*node.max_contains);
        });
        return false;
    }
    return true;
}

bool Evaluator::check_object(const Node& node, const Frame& frame, Evaluated* evaluated) {
    const auto object = as_object(frame.instance.element);
    bool valid = true;
    if (node.min_properties || node.max_properties) {
        const std::size_t size = count_members(object);
        if (node.min_properties && size < *node.min_properties) {
            valid = false;
            if (reject(frame.path, [&] {
                    return "object has " + count_of(size, "property", "properties") +
                           ", fewer than the minimum of " + std::to_string(*node.min_properties);
                })) {
                return false;
            }
        }
        if (node.max_properties && size > *node.max_properties) {
            valid = false;
            if (reject(frame.path, [&] {
                    return "object has " + count_of(size, "property", "properties") +
                           ", more than the maximum of " + std::to_string(*node.max_properties);
                })) {
                return false;
            }
        }
    }
    for (const auto& name : node.required) {
        if (!has_member(object, name)) {
            valid = false;
            if (reject(frame.path, [&] { return "missing required property " + quote(name); })) {
                return false;
            }
        }
    }
    for (const auto& dependency : node.dependent_required) {
        if (!has_member(object, dependency.property)) continue;
        for (const auto& name : dependency.required) {
            if (!has_member(object, name)) {
                valid = false;
                if (reject(frame.path, [&] {
                        return "missing property " + quote(name) + ", required when " +
                               quote(dependency.property) + " is present";
                    })) {
                    return false;
                }
            }
        }
    }
    if (!check_object_members(node, frame, object, evaluated)) {
        valid = false;
        if (should_stop()) return false;
    }
    for (const auto& dependent : node.dependent_schemas) {
        if (has_member(object, dependent.name) &&
            !evaluate_in_place(dependent.node, frame, evaluated)) {
            valid = false;
            if (should_stop()) return false;
        }
    }
    return valid;
}

bool Evaluator::check_object_members(const Node& node, const Frame& frame,
                                     simdjson::dom::object object, Evaluated* evaluated) {
    if (node.properties.empty() && node.pattern_properties.empty() &&
        node.additional_properties == kNoNode && node.property_names == kNoNode) {
        return true;
    }
    bool valid = true;
    // Returns false when evaluation should end early.
    const auto keep_going = [&](bool passed) {
        if (!passed) valid = false;
        return passed || !should_stop();
    };
    std::size_t index = 0;
    for (const auto [key, value] : object) {
        const InstancePath path{frame.path, key, 0, false};
        bool covered = false;
        if (!node.properties.empty()) {
            const auto it =
                std::lower_bound(node.properties.begin(), node.properties.end(), key,
                                 [](const NamedSubschema& entry, std::string_view name) {
                                     return entry.name < name;
                                 });
            if (it != node.properties.end() && it->name == key) {
                covered = true;
                if (!keep_going(evaluate_child(it->node, frame, Instance::of(value), path))) {
                    return false;
                }
            }
        }
        for (const auto& pattern : node.pattern_properties) {
            const auto matched = pattern.pattern.search(key);
            if (!matched) {
                valid = false;
                if (reject(frame.path, [&] {
                        return "property name " + quote(key) +
                               " could not be checked against the pattern " +
                               quote(pattern.pattern.source()) + " (too complex)";
                    })) {
                    return false;
                }
            } else if (*matched) {
                covered = true;
                if (!keep_going(evaluate_child(pattern.node, frame, Instance::of(value), path))) {
                    return false;
                }
            }
        }
        if (!covered && node.additional_properties != kNoNode) {
            covered = true;
            if (schema_.nodes[node.additional_properties].always_false) {
                valid = false;
                if (reject(frame.path, [&] { return "unexpected property " + quote(key); })) {
                    return false;
                }
            } else if (!keep_going(evaluate_child(node.additional_properties, frame,
                                                  Instance::of(value), path))) {
                return false;
            }
        }
        if (covered && evaluated != nullptr) evaluated->mark(index);
        if (node.property_names != kNoNode && !keep_going(check_property_name(node, frame, key))) {
            return false;
        }
        ++index;
    }
    return valid;
}

bool Evaluator::check_property_name(const Node& node, const Frame& frame, std::string_view name) {
    const Frame name_frame{Instance::of_property_name(name), frame.path, frame.scope,
                           frame.depth + 1};
    if (matches(node.property_names, name_frame, nullptr)) return true;
    reject(frame.path, [&] {
        std::vector<ValidationError> reasons;
        Evaluator explain(schema_, &reasons, 1);
        explain.explain_alternatives_ = false;
        explain.evaluate(node.property_names, name_frame, nullptr);
        std::string reason = "invalid property name " + quote(name);
        if (!reasons.empty()) reason += ": " + reasons.front().message;
        return reason;
    });
    return false;
}

bool Evaluator::check_combinators(const Node& node, const Frame& frame, Evaluated* evaluated) {
    bool valid = true;
    for (const NodeId branch : node.all_of) {
        if (!evaluate_in_place(branch, frame, evaluated)) {
            valid = false;
            if (should_stop()) return false;
        }
    }
    if (!node.any_of.empty()) {
        bool any = false;
        for (const NodeId branch : node.any_of) {
            Evaluated branch_evaluated;
            if (matches(branch, frame, evaluated != nullptr ? &branch_evaluated : nullptr)) {
                any = true;
                // Annotations need every passing branch; the verdict only needs one.
                if (evaluated == nullptr) break;
                evaluated->merge(branch_evaluated);
            }
        }
        if (!any) {
            valid = false;
            explain_no_match("anyOf", node.any_of, frame);
            if (should_stop()) return false;
        }
    }
    if (!node.one_of.empty() && !check_one_of(node, frame, evaluated)) {
        valid = false;
        if (should_stop()) return false;
    }
    if (node.not_schema != kNoNode && matches(node.not_schema, frame, nullptr)) {
        valid = false;
        if (reject(frame.path, [] { return std::string("must not match the \"not\" schema"); })) {
            return false;
        }
    }
    if (node.if_schema != kNoNode) {
        Evaluated condition_evaluated;
        const bool condition =
            matches(node.if_schema, frame, evaluated != nullptr ? &condition_evaluated : nullptr);
        if (condition && evaluated != nullptr) evaluated->merge(condition_evaluated);
        const NodeId branch = condition ? node.then_schema : node.else_schema;
        if (branch != kNoNode && !evaluate_in_place(branch, frame, evaluated)) valid = false;
    }
    return valid;
}

bool Evaluator::check_one_of(const Node& node, const Frame& frame, Evaluated* evaluated) {
    std::size_t first = kNoIndex;
    std::size_t second = kNoIndex;
    Evaluated first_evaluated;
    for (std::size_t i = 0; i < node.one_of.size(); ++i) {
        Evaluated branch_evaluated;
        if (!matches(node.one_of[i], frame, evaluated != nullptr ? &branch_evaluated : nullptr)) {
            continue;
        }
        if (first != kNoIndex) {
            second = i;
            break;
        }
        first = i;
        first_evaluated = std::move(branch_evaluated);
    }
    if (first == kNoIndex) {
        explain_no_match("oneOf", node.one_of, frame);
        return false;
    }
    if (second != kNoIndex) {
        reject(frame.path, [&] {
            return "matches both alternative " + std::to_string(first) + " and " +
                   std::to_string(second) + " of oneOf, but must match exactly one";
        });
        return false;
    }
    if (evaluated != nullptr) evaluated->merge(first_evaluated);
    return true;
}

void Evaluator::explain_no_match(std::string_view keyword, const std::vector<NodeId>& alternatives,
                                 const Frame& frame) {
    const auto summary = [&] {
        return "does not match any of the " + std::to_string(alternatives.size()) +
               " alternatives in " + std::string(keyword);
    };
    if (should_stop() || !explain_alternatives_ || max_errors_ - errors_->size() < 2) {
        reject(frame.path, summary);
        return;
    }
    // The closest alternative is the one whose failures lie deepest: it got the type right.
    const std::string here = to_json_pointer(frame.path);
    std::vector<ValidationError> closest;
    std::size_t closest_index = kNoIndex;
    std::pair<std::size_t, std::size_t> closest_score{kNoIndex, kNoIndex};
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
        std::vector<ValidationError> errors;
        Evaluator probe(schema_, &errors, max_errors_ - errors_->size() - 1);
        probe.explain_alternatives_ = false;
        probe.evaluate_in_place(alternatives[i], frame, nullptr);
        const auto shallow = static_cast<std::size_t>(std::count_if(
            errors.begin(), errors.end(), [&](const auto& e) { return e.instance_path == here; }));
        const std::pair<std::size_t, std::size_t> score{shallow, errors.size()};
        if (score < closest_score) {
            closest_score = score;
            closest_index = i;
            closest = std::move(errors);
        }
    }
    reject(frame.path, [&] {
        return summary() + " (closest is alternative " + std::to_string(closest_index) +
               "; its errors follow)";
    });
    for (auto& error : closest) {
        if (should_stop()) break;
        errors_->push_back(std::move(error));
    }
}

bool Evaluator::check_unevaluated(const Node& node, const Frame& frame, Evaluated& evaluated) {
    bool valid = true;
    if (node.unevaluated_items != kNoNode && frame.instance.kind == InstanceKind::array) {
        const bool forbidden = schema_.nodes[node.unevaluated_items].always_false;
        std::size_t index = 0;
        for (const auto item : as_array(frame.instance.element)) {
            if (!evaluated.contains(index)) {
                const InstancePath path{frame.path, {}, index, true};
                if (forbidden) {
                    valid = false;
                    if (reject(&path, [] { return std::string("unexpected array item"); })) {
                        return false;
                    }
                } else if (!evaluate_child(node.unevaluated_items, frame, Instance::of(item),
                                           path)) {
                    valid = false;
                    if (should_stop()) return false;
                }
            }
            ++index;
        }
        evaluated.mark_all();
    }
    if (node.unevaluated_properties != kNoNode && frame.instance.kind == InstanceKind::object) {
        const bool forbidden = schema_.nodes[node.unevaluated_properties].always_false;
        std::size_t index = 0;
        for (const auto [key, value] : as_object(frame.instance.element)) {
            if (!evaluated.contains(index)) {
                const InstancePath path{frame.path, key, 0, false};
                if (forbidden) {
                    valid = false;
                    if (reject(frame.path, [&] { return "unexpected property " + quote(key); })) {
                        return false;
                    }
                } else if (!evaluate_child(node.unevaluated_properties, frame, Instance::of(value),
                                           path)) {
                    valid = false;
                    if (should_stop()) return false;
                }
            }
            ++index;
        }
        evaluated.mark_all();
    }
    return valid;
}

}  // namespace plugboard::schema::detail
