#include "schema/schema_compiler.hpp"

#include "schema/schema_cycles.hpp"
#include "schema/uri_reference.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <utility>

namespace plugboard::schema::detail {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxExternalDocuments = 64;
// Counts beyond this (minLength: 1e300) cannot be reached by any instance anyway.
constexpr double kLargestCount = 1e18;

struct CompileError {
    std::string message;
};

bool at_least(Dialect dialect, Dialect minimum) {
    return static_cast<int>(dialect) >= static_cast<int>(minimum);
}

// Where a subschema sits: what its relative references resolve against and which rules apply.
struct Location {
    std::string base_uri;
    Dialect dialect = Dialect::draft2020_12;
    ResourceId resource = 0;
    std::string display;  // "#/properties/age", for error messages
};

std::string child_display(const std::string& parent, std::string_view keyword) {
    return parent + "/" + escape_json_pointer_token(keyword);
}

std::string child_display(const std::string& parent, std::string_view keyword,
                          std::string_view member) {
    return child_display(child_display(parent, keyword), member);
}

bool is_valid_anchor_name(std::string_view name) {
    if (name.empty()) return false;
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!letter(name[0]) && name[0] != '_') return false;
    return std::all_of(name.begin() + 1, name.end(), [&](char c) {
        return letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    });
}

std::uint8_t type_bit(std::string_view name) {
    if (name == "null") return kTypeNull;
    if (name == "boolean") return kTypeBoolean;
    if (name == "object") return kTypeObject;
    if (name == "array") return kTypeArray;
    if (name == "number") return kTypeNumber;
    if (name == "string") return kTypeString;
    if (name == "integer") return kTypeInteger;
    return 0;
}

// Calls visit(child, display) for every subschema the dialect defines under `object`.
template <typename Visit>
void for_each_subschema(const json::object& object, Dialect dialect, const std::string& display,
                        const Visit& visit) {
    const auto single = [&](std::string_view keyword) {
        if (const auto* child = object.if_contains(keyword)) {
            visit(*child, child_display(display, keyword));
        }
    };
    const auto list = [&](std::string_view keyword) {
        if (const auto* child = object.if_contains(keyword); child && child->is_array()) {
            const auto& array = child->get_array();
            for (std::size_t i = 0; i < array.size(); ++i) {
                visit(array[i], child_display(display, keyword, std::to_string(i)));
            }
        }
    };
    const auto map = [&](std::string_view keyword, bool schemas_only) {
        if (const auto* child = object.if_contains(keyword); child && child->is_object()) {
            for (const auto& member : child->get_object()) {
                if (schemas_only && !member.value().is_object() && !member.value().is_bool()) {
                    continue;
                }
                visit(member.value(), child_display(display, keyword, member.key()));
            }
        }
    };

    single("additionalProperties");
    single("not");
    list("allOf");
    list("anyOf");
    list("oneOf");
    map("properties", false);
    map("patternProperties", false);
    // Only a convention since 2019-09, so values that are no schemas are left alone there.
    map("definitions", at_least(dialect, Dialect::draft2019_09));
    if (const auto* items = object.if_contains("items")) {
        if (items->is_array()) {
            if (!at_least(dialect, Dialect::draft2020_12)) list("items");
        } else {
            single("items");
        }
    }
    if (!at_least(dialect, Dialect::draft2020_12)) single("additionalItems");
    if (!at_least(dialect, Dialect::draft2019_09)) map("dependencies", true);
    if (at_least(dialect, Dialect::draft6)) {
        single("contains");
        single("propertyNames");
    }
    if (at_least(dialect, Dialect::draft7)) {
        single("if");
        single("then");
        single("else");
    }
    if (at_least(dialect, Dialect::draft2019_09)) {
        map("$defs", false);
        map("dependentSchemas", false);
        single("unevaluatedItems");
        single("unevaluatedProperties");
        single("contentSchema");
    }
    if (at_least(dialect, Dialect::draft2020_12)) list("prefixItems");
}

class SchemaCompiler {
  public:
    explicit SchemaCompiler(const CompileOptions& options) : options_(options) {}

    std::unique_ptr<CompiledSchema> run(const json::value& root) {
        Dialect dialect = options_.default_dialect;
        if (const auto* object = root.if_object()) {
            if (const auto* declared = object->if_contains("$schema")) {
                dialect = dialect_of(*declared, "#/$schema");
            }
        }
        out_->dialect = dialect;
        out_->max_evaluation_depth = options_.max_evaluation_depth;
        index_document(root, "", dialect, "#");
        // Every subschema of the document is compiled, so errors in unused `$defs` surface too.
        const std::vector<const json::value*> indexed = index_order_;
        for (const auto* schema : indexed)
            node_for(*schema);
        out_->root = node_for(root);
        compile_pending();
        reject_non_consuming_cycles();
        return std::move(out_);
    }

  private:
    [[noreturn]] static void fail(const std::string& where, const std::string& message) {
        throw CompileError{"invalid schema at " + where + ": " + message};
    }

    Dialect dialect_of(const json::value& declared, const std::string& where) const {
        if (!declared.is_string()) fail(where, "\"$schema\" must be a string");
        const auto dialect = dialect_from_uri(declared.get_string());
        if (!dialect) {
            fail(where, "unsupported dialect \"" + std::string(declared.get_string()) +
                            "\" (supported: JSON Schema 2020-12, 2019-09, draft-07, draft-06, "
                            "draft-04)");
        }
        return *dialect;
    }

    // ---- Indexing: identifiers and locations of every subschema ----

    const json::value& index_document(const json::value& document, const std::string& uri,
                                      Dialect dialect, const std::string& display) {
        resources_.try_emplace(uri, &document);
        Location location;
        location.base_uri = uri;
        location.dialect = dialect;
        location.display = display;
        index(document, std::move(location), true);
        return document;
    }

    ResourceId add_resource(const std::string& uri, const json::value& schema) {
        resources_.try_emplace(uri, &schema);
        out_->resources.push_back(Resource{uri, {}});
        dynamic_anchor_values_.emplace_back();
        return static_cast<ResourceId>(out_->resources.size() - 1);
    }

    void index(const json::value& schema, Location location, bool document_root) {
        if (schema.is_bool()) {
            if (document_root) location.resource = add_resource(location.base_uri, schema);
            record(schema, std::move(location));
            return;
        }
        const auto* object = schema.if_object();
        if (object == nullptr) fail(location.display, "a schema must be an object or a boolean");

        const bool has_id = object->contains("$id") || object->contains("id");
        if (const auto* declared = object->if_contains("$schema"); declared && has_id) {
            location.dialect = dialect_of(*declared, child_display(location.display, "$schema"));
        }
        const Dialect dialect = location.dialect;
        const bool ref_hides_siblings =
            !at_least(dialect, Dialect::draft2019_09) && object->contains("$ref");
        const auto* id = object->if_contains(dialect == Dialect::draft4 ? "id" : "$id");
        bool new_resource = document_root;
        if (id != nullptr && !ref_hides_siblings) {
            if (!id->is_string()) fail(location.display, "\"$id\" must be a string");
            new_resource = apply_id(schema, id->get_string(), location) || new_resource;
        }
        if (new_resource) location.resource = add_resource(location.base_uri, schema);

        if (at_least(dialect, Dialect::draft2019_09)) index_anchors(schema, *object, location);
        record(schema, location);
        for_each_subschema(*object, dialect, location.display,
                           [&](const json::value& child, std::string display) {
                               Location child_location = location;
                               child_location.display = std::move(display);
                               index(child, std::move(child_location), false);
                           });
    }

    // Returns true when the id starts a new schema resource (rather than naming an anchor).
    bool apply_id(const json::value& schema, std::string_view id, Location& location) {
        const Dialect dialect = location.dialect;
        const auto resolved = resolve_uri_reference(location.base_uri, id);
        const auto parts = split_fragment(resolved);
        const bool legacy_anchors = !at_least(dialect, Dialect::draft2019_09);
        if (legacy_anchors && id.starts_with('#')) {
            // Before 2019-09, {"$id": "#name"} declared a plain-name anchor.
            if (!parts.fragment.empty() && parts.fragment[0] != '/') {
                anchors_.try_emplace(std::string(resolved), &schema);
            }
            return false;
        }
        if (!parts.fragment.empty()) {
            if (!legacy_anchors) {
                fail(location.display, "\"$id\" must not contain a fragment (use \"$anchor\")");
            }
            if (parts.fragment[0] != '/') anchors_.try_emplace(std::string(resolved), &schema);
        }
        location.base_uri = std::string(parts.without_fragment);
        return true;
    }

    void index_anchors(const json::value& schema, const json::object& object,
                       const Location& location) {
        const auto anchor_name = [&](std::string_view keyword) -> std::optional<std::string> {
            const auto* value = object.if_contains(keyword);
            if (value == nullptr) return std::nullopt;
            if (!value->is_string() || !is_valid_anchor_name(value->get_string())) {
                fail(child_display(location.display, keyword),
                     "an anchor must be a string matching ^[A-Za-z_][-A-Za-z0-9._]*$");
            }
            std::string name(value->get_string());
            anchors_.try_emplace(location.base_uri + "#" + name, &schema);
            return name;
        };
        anchor_name("$anchor");
        if (location.dialect == Dialect::draft2020_12) {
            if (auto name = anchor_name("$dynamicAnchor")) {
                dynamic_anchor_values_[location.resource].emplace_back(std::move(*name), &schema);
            }
        } else if (const auto* recursive = object.if_contains("$recursiveAnchor")) {
            if (!recursive->is_bool()) {
                fail(child_display(location.display, "$recursiveAnchor"), "must be a boolean");
            }
            // 2019-09's recursive anchor behaves like a dynamic anchor with an empty name.
            if (recursive->get_bool()) {
                dynamic_anchor_values_[location.resource].emplace_back("", &schema);
            }
        }
    }

    void record(const json::value& schema, Location location) {
        if (locations_.try_emplace(&schema, std::move(location)).second) {
            index_order_.push_back(&schema);
        }
    }

    // ---- Reference resolution ----

    const json::value& load_external(const std::string& uri, Dialect dialect,
                                     const std::string& where) {
        if (!options_.load_document) {
            fail(where, "cannot resolve reference to external document \"" + uri +
                            "\" (external references are not fetched)");
        }
        if (external_documents_.size() >= kMaxExternalDocuments) {
            fail(where, "too many external documents referenced");
        }
        auto document = options_.load_document(uri);
        if (!document) fail(where, "unresolvable reference to external document \"" + uri + "\"");
        external_documents_.push_back(std::move(*document));
        const json::value& stored = external_documents_.back();
        if (const auto* object = stored.if_object()) {
            if (const auto* declared = object->if_contains("$schema")) {
                dialect = dialect_of(*declared, uri + "#/$schema");
            }
        }
        return index_document(stored, uri, dialect, uri + "#");
    }

    // The subschema a reference points to, indexed.
    const json::value& resolve_target(std::string_view reference, const Location& from,
                                      const std::string& where) {
        const auto absolute = resolve_uri_reference(from.base_uri, reference);
        const auto parts = split_fragment(absolute);
        const auto fragment = percent_decode(parts.fragment);
        if (!fragment)
            fail(where, "malformed percent-encoding in \"" + std::string(reference) + "\"");
        const std::string document_uri(parts.without_fragment);

        const auto resource = [&]() -> const json::value& {
            if (const auto it = resources_.find(document_uri); it != resources_.end()) {
                return *it->second;
            }
            return load_external(document_uri, from.dialect, where);
        };

        if (fragment->empty() || (*fragment)[0] == '/') {
            const json::value& root = resource();
            const json::value* target = find_json_pointer(root, *fragment);
            if (target == nullptr) {
                fail(where, "unresolvable reference \"" + std::string(reference) + "\"");
            }
            if (!locations_.contains(target)) {
                // A pointer into a place no keyword declares a schema, e.g. "#/$comment-ish".
                Location location = locations_.at(&root);
                location.display += *fragment;
                index(*target, std::move(location), false);
            }
            return *target;
        }
        const std::string anchor_key = document_uri + "#" + *fragment;
        auto it = anchors_.find(anchor_key);
        if (it == anchors_.end() && !resources_.contains(document_uri)) {
            resource();
            it = anchors_.find(anchor_key);
        }
        if (it == anchors_.end()) {
            fail(where,
                 "unresolvable reference \"" + std::string(reference) + "\" (no such anchor)");
        }
        return *it->second;
    }

    // ---- Compilation ----

    NodeId node_for(const json::value& schema) {
        if (const auto it = node_ids_.find(&schema); it != node_ids_.end()) return it->second;
        if (out_->nodes.size() >= options_.max_subschemas) {
            throw CompileError{"schema has more than " + std::to_string(options_.max_subschemas) +
                               " subschemas"};
        }
        const auto id = static_cast<NodeId>(out_->nodes.size());
        out_->nodes.emplace_back();
        node_displays_.push_back(locations_.at(&schema).display);
        node_ids_.emplace(&schema, id);
        pending_.emplace_back(id, &schema);
        return id;
    }

    void compile_pending() {
        while (!pending_.empty()) {
            while (!pending_.empty()) {
                const auto [id, schema] = pending_.back();
                pending_.pop_back();
                Node node = compile_node(*schema);  // may grow out_->nodes
                out_->nodes[id] = std::move(node);
            }
            // Dynamic anchors are reached at run time, so each must have a node.
            for (std::size_t r = 0; r < dynamic_anchor_values_.size(); ++r) {
                auto& anchors = out_->resources[r].dynamic_anchors;
                for (std::size_t a = anchors.size(); a < dynamic_anchor_values_[r].size(); ++a) {
                    const auto& [name, schema] = dynamic_anchor_values_[r][a];
                    anchors.push_back(NamedSubschema{name, node_for(*schema)});
                }
            }
        }
    }

    Node compile_node(const json::value& schema) {
        const Location& location = locations_.at(&schema);
        Node node;
        node.resource = location.resource;
        if (schema.is_bool()) {
            node.always_false = !schema.get_bool();
            return node;
        }
        const auto& object = schema.get_object();
        const Dialect dialect = location.dialect;
        if (const auto* ref = object.if_contains("$ref")) {
            node.ref = node_for(resolve_reference(*ref, location, "$ref"));
            // Before 2019-09, "$ref" replaced the whole schema it appeared in.
            if (!at_least(dialect, Dialect::draft2019_09)) return node;
        }
        KeywordReader reader{*this, object, location};
        reader.read_generic(node);
        reader.read_numeric(node);
        reader.read_string(node);
        reader.read_array(node);
        reader.read_object(node);
        return node;
    }

    const json::value& resolve_reference(const json::value& reference, const Location& location,
                                         std::string_view keyword) {
        const auto where = child_display(location.display, keyword);
        if (!reference.is_string()) fail(where, "a reference must be a string");
        return resolve_target(reference.get_string(), location, where);
    }

    // Reads the keywords of one schema object into its node.
    struct KeywordReader {
        SchemaCompiler& compiler;
        const json::object& object;
        const Location& location;

        Dialect dialect() const { return location.dialect; }
        bool at_least(Dialect minimum) const { return detail::at_least(dialect(), minimum); }
        std::string where(std::string_view keyword) const {
            return child_display(location.display, keyword);
        }
        [[noreturn]] void fail(std::string_view keyword, const std::string& message) const {
            SchemaCompiler::fail(where(keyword), message);
        }
        const json::value* get(std::string_view keyword) const {
            return object.if_contains(keyword);
        }
        NodeId subschema(const json::value& value) const { return compiler.node_for(value); }
        NodeId keyword_subschema(std::string_view keyword) const {
            const auto* value = get(keyword);
            return value == nullptr ? kNoNode : subschema(*value);
        }

        std::vector<NodeId> subschema_list(std::string_view keyword, bool allow_empty) const {
            std::vector<NodeId> nodes;
            const auto* value = get(keyword);
            if (value == nullptr) return nodes;
            if (!value->is_array() || (!allow_empty && value->get_array().empty())) {
                fail(keyword, allow_empty ? "must be an array of schemas"
                                          : "must be a non-empty array of schemas");
            }
            for (const auto& item : value->get_array())
                nodes.push_back(subschema(item));
            return nodes;
        }

        std::vector<NamedSubschema> subschema_map(std::string_view keyword) const {
            std::vector<NamedSubschema> entries;
            const auto* value = get(keyword);
            if (value == nullptr) return entries;
            if (!value->is_object()) fail(keyword, "must be an object whose values are schemas");
            for (const auto& member : value->get_object()) {
                entries.push_back(
                    NamedSubschema{std::string(member.key()), subschema(member.value())});
            }
            std::sort(entries.begin(), entries.end(),
                      [](const auto& a, const auto& b) { return a.name < b.name; });
            return entries;
        }

        std::optional<JsonNumber> number(std::string_view keyword) const {
            const auto* value = get(keyword);
            if (value == nullptr) return std::nullopt;
            auto result = JsonNumber::from_json(*value);
            if (!result) fail(keyword, "must be a number");
            return result;
        }

        std::optional<std::size_t> count(std::string_view keyword) const {
            const auto* value = get(keyword);
            if (value == nullptr) return std::nullopt;
            const auto number = JsonNumber::from_json(*value);
            if (!number || !number->is_integral() || number->is_negative()) {
                fail(keyword, "must be a non-negative integer");
            }
            return static_cast<std::size_t>(std::min(number->to_double(), kLargestCount));
        }

        std::vector<std::string> string_list(std::string_view keyword,
                                             const json::value& value) const {
            std::vector<std::string> strings;
            if (!value.is_array()) fail(keyword, "must be an array of strings");
            for (const auto& item : value.get_array()) {
                if (!item.is_string()) fail(keyword, "must be an array of strings");
                strings.emplace_back(item.get_string());
            }
            return strings;
        }

        EcmaRegex regex(std::string_view keyword, std::string_view pattern) const {
            std::string error;
            auto compiled = EcmaRegex::compile(pattern, error);
            if (!compiled) {
                fail(keyword,
                     "invalid regular expression \"" + std::string(pattern) + "\": " + error);
            }
            return std::move(*compiled);
        }

        void read_generic(Node& node) const {
            if (const auto* type = get("type")) node.types = read_type(*type);
            if (const auto* values = get("enum")) {
                if (!values->is_array()) fail("enum", "must be an array");
                node.enum_values.emplace(values->get_array().begin(), values->get_array().end());
            }
            if (at_least(Dialect::draft6)) {
                if (const auto* value = get("const")) node.const_value = *value;
            }
            if (const auto* reference = get("$dynamicRef");
                reference && dialect() == Dialect::draft2020_12) {
                node.dynamic_ref = read_dynamic_ref(*reference, "$dynamicRef");
            }
            if (const auto* reference = get("$recursiveRef");
                reference && dialect() == Dialect::draft2019_09) {
                node.dynamic_ref = read_dynamic_ref(*reference, "$recursiveRef");
            }
            node.all_of = subschema_list("allOf", false);
            node.any_of = subschema_list("anyOf", false);
            node.one_of = subschema_list("oneOf", false);
            node.not_schema = keyword_subschema("not");
            if (at_least(Dialect::draft7)) {
                node.if_schema = keyword_subschema("if");
                node.then_schema = keyword_subschema("then");
                node.else_schema = keyword_subschema("else");
            }
        }

        std::uint8_t read_type(const json::value& type) const {
            const auto bit = [&](const json::value& name) {
                const std::uint8_t result = name.is_string() ? type_bit(name.get_string()) : 0;
                if (result == 0) {
                    fail("type", "unknown type " + json::serialize(name) +
                                     " (expected null, boolean, object, array, number, string or "
                                     "integer)");
                }
                return result;
            };
            if (!type.is_array()) return bit(type);
            std::uint8_t mask = 0;
            for (const auto& name : type.get_array())
                mask = static_cast<std::uint8_t>(mask | bit(name));
            if (mask == 0) fail("type", "must not be an empty array");
            return mask;
        }

        DynamicRef read_dynamic_ref(const json::value& reference, std::string_view keyword) const {
            const json::value& target = compiler.resolve_reference(reference, location, keyword);
            DynamicRef result;
            result.static_target = subschema(target);
            const auto* target_object = target.if_object();
            if (target_object == nullptr) return result;
            if (keyword == "$recursiveRef") {
                const auto* anchor = target_object->if_contains("$recursiveAnchor");
                if (anchor && anchor->is_bool() && anchor->get_bool()) result.anchor = "";
                return result;
            }
            // Only a fragment that the target declares with $dynamicAnchor makes the ref dynamic.
            const auto parts = split_fragment(reference.get_string());
            const auto* anchor = target_object->if_contains("$dynamicAnchor");
            if (!parts.fragment.empty() && anchor && anchor->is_string() &&
                std::string_view(anchor->get_string()) == parts.fragment) {
                result.anchor = std::string(parts.fragment);
            }
            return result;
        }

        void read_numeric(Node& node) const {
            node.minimum = number("minimum");
            node.maximum = number("maximum");
            if (dialect() == Dialect::draft4) {
                // draft-04: exclusiveMinimum/Maximum are booleans that sharpen minimum/maximum.
                const auto sharpen = [&](std::string_view keyword, std::optional<JsonNumber>& bound,
                                         std::optional<JsonNumber>& exclusive) {
                    const auto* flag = get(keyword);
                    if (flag == nullptr) return;
                    if (!flag->is_bool()) fail(keyword, "must be a boolean in draft-04");
                    if (flag->get_bool() && bound) {
                        exclusive = bound;
                        bound.reset();
                    }
                };
                sharpen("exclusiveMinimum", node.minimum, node.exclusive_minimum);
                sharpen("exclusiveMaximum", node.maximum, node.exclusive_maximum);
            } else {
                node.exclusive_minimum = number("exclusiveMinimum");
                node.exclusive_maximum = number("exclusiveMaximum");
            }
            node.multiple_of = number("multipleOf");
            if (node.multiple_of && !(*node.multiple_of > JsonNumber::from_int(0))) {
                fail("multipleOf", "must be greater than 0");
            }
        }

        void read_string(Node& node) const {
            node.min_length = count("minLength");
            node.max_length = count("maxLength");
            if (const auto* pattern = get("pattern")) {
                if (!pattern->is_string()) fail("pattern", "must be a string");
                node.pattern = regex("pattern", pattern->get_string());
            }
        }

        void read_array(Node& node) const {
            if (const auto* items = get("items")) {
                if (items->is_array()) {
                    if (at_least(Dialect::draft2020_12)) {
                        fail("items",
                             "must be a schema in 2020-12 (use \"prefixItems\" for tuples)");
                    }
                    node.prefix_items = subschema_list("items", true);
                    node.items = keyword_subschema("additionalItems");
                } else {
                    node.items = subschema(*items);
                }
            }
            if (at_least(Dialect::draft2020_12))
                node.prefix_items = subschema_list("prefixItems", true);
            node.min_items = count("minItems");
            node.max_items = count("maxItems");
            if (const auto* unique = get("uniqueItems")) {
                if (!unique->is_bool()) fail("uniqueItems", "must be a boolean");
                node.unique_items = unique->get_bool();
            }
            if (at_least(Dialect::draft6)) node.contains = keyword_subschema("contains");
            if (at_least(Dialect::draft2019_09)) {
                if (const auto minimum = count("minContains")) node.min_contains = *minimum;
                node.max_contains = count("maxContains");
                node.unevaluated_items = keyword_subschema("unevaluatedItems");
                node.contains_marks_evaluated = at_least(Dialect::draft2020_12);
            }
        }

        void read_object(Node& node) const {
            node.properties = subschema_map("properties");
            if (const auto* patterns = get("patternProperties")) {
                if (!patterns->is_object()) fail("patternProperties", "must be an object");
                for (const auto& member : patterns->get_object()) {
                    node.pattern_properties.push_back(PatternSubschema{
                        regex("patternProperties", member.key()), subschema(member.value())});
                }
            }
            node.additional_properties = keyword_subschema("additionalProperties");
            if (at_least(Dialect::draft6)) node.property_names = keyword_subschema("propertyNames");
            node.min_properties = count("minProperties");
            node.max_properties = count("maxProperties");
            if (const auto* required = get("required")) {
                node.required = string_list("required", *required);
            }
            if (at_least(Dialect::draft2019_09)) {
                if (const auto* dependent = get("dependentRequired")) {
                    if (!dependent->is_object()) fail("dependentRequired", "must be an object");
                    for (const auto& member : dependent->get_object()) {
                        node.dependent_required.push_back(
                            DependentRequired{std::string(member.key()),
                                              string_list("dependentRequired", member.value())});
                    }
                }
                node.dependent_schemas = subschema_map("dependentSchemas");
                node.unevaluated_properties = keyword_subschema("unevaluatedProperties");
            } else if (const auto* dependencies = get("dependencies")) {
                if (!dependencies->is_object()) fail("dependencies", "must be an object");
                for (const auto& member : dependencies->get_object()) {
                    const auto& value = member.value();
                    if (value.is_array()) {
                        node.dependent_required.push_back(DependentRequired{
                            std::string(member.key()), string_list("dependencies", value)});
                    } else {
                        if (!value.is_object() && !value.is_bool()) {
                            fail("dependencies", "values must be arrays of strings or schemas");
                        }
                        node.dependent_schemas.push_back(
                            NamedSubschema{std::string(member.key()), subschema(value)});
                    }
                }
            }
        }
    };

    void reject_non_consuming_cycles() const {
        if (const auto node = find_non_consuming_cycle(*out_)) {
            throw CompileError{"invalid schema at " + node_displays_[*node] +
                               ": references loop back here without descending into the "
                               "instance, so evaluation would never end"};
        }
    }

    const CompileOptions& options_;
    std::unique_ptr<CompiledSchema> out_ = std::make_unique<CompiledSchema>();
    std::unordered_map<const json::value*, Location> locations_;
    std::vector<const json::value*> index_order_;
    std::unordered_map<std::string, const json::value*> resources_;
    std::unordered_map<std::string, const json::value*> anchors_;
    std::vector<std::vector<std::pair<std::string, const json::value*>>> dynamic_anchor_values_;
    std::deque<json::value> external_documents_;
    std::unordered_map<const json::value*, NodeId> node_ids_;
    std::vector<std::string> node_displays_;
    std::vector<std::pair<NodeId, const json::value*>> pending_;
};

}  // namespace

std::unique_ptr<CompiledSchema> compile_schema(const boost::json::value& schema,
                                               const CompileOptions& options, std::string& error) {
    try {
        return SchemaCompiler(options).run(schema);
    } catch (const CompileError& e) {
        error = e.message;
    } catch (const std::exception& e) {
        error = std::string("schema could not be compiled: ") + e.what();
    }
    return nullptr;
}

}  // namespace plugboard::schema::detail
