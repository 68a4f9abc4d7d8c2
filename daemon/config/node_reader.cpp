#include "config/node_reader.hpp"

#include <algorithm>
#include <variant>

#include "config/scalar.hpp"
#include "config/suggest.hpp"

namespace plugboard::config::detail {
namespace {

std::string prefixed(const std::string& path, std::string message) {
    return path.empty() ? message : path + ": " + message;
}

std::string child_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string position(const YAML::Mark& mark) {
    return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

std::string quoted_choices(std::span<const std::string_view> choices) {
    std::string text;
    for (const std::string_view choice : choices) {
        if (!text.empty()) text += ", ";
        text += '"' + std::string(choice) + '"';
    }
    return text;
}

// An empty value has no position of its own (yaml-cpp marks the next token), so its problems
// are reported at the key.
YAML::Mark value_mark(const YAML::Node& key, const YAML::Node& value) {
    return value.IsNull() ? key.Mark() : value.Mark();
}

}  // namespace

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Sequence:
            return "a sequence";
        case YAML::NodeType::Scalar:
            break;
        default:
            return "an empty value";
    }
    constexpr std::size_t kShownLength = 40;
    std::string text = node.Scalar().substr(0, kShownLength);
    if (node.Scalar().size() > kShownLength) text += "...";
    if (std::holds_alternative<std::string>(typed_scalar(node))) {
        return "the string \"" + text + '"';
    }
    return "'" + text + "'";
}

bool expect_mapping(const Entry& entry, Diagnostics& diagnostics) {
    if (entry.value.IsMap() || entry.value.IsNull()) return true;
    diagnostics.report(entry.mark,
                       prefixed(entry.path, "expected a mapping, got " + describe(entry.value)));
    return false;
}

std::vector<KeyedEntry> mapping_entries(const Entry& mapping, Diagnostics& diagnostics) {
    std::vector<KeyedEntry> entries;
    if (!expect_mapping(mapping, diagnostics)) return entries;
    const std::string where = mapping.path.empty() ? "" : " in " + mapping.path;
    for (const auto& pair : mapping.value) {
        const YAML::Node& key = pair.first;
        if (!key.IsScalar()) {
            diagnostics.report(key.Mark(), "a key must be a string, got " + describe(key) + where);
            continue;
        }
        const auto earlier = std::ranges::find(entries, key.Scalar(), &KeyedEntry::key);
        if (earlier != entries.end()) {
            diagnostics.report(key.Mark(), "duplicate key '" + key.Scalar() + "'" + where +
                                               " (first at " + position(earlier->key_mark) + ")");
            continue;
        }
        entries.push_back(KeyedEntry{key.Scalar(), key.Mark(),
                                     Entry{child_path(mapping.path, key.Scalar()), pair.second,
                                           value_mark(key, pair.second)}});
    }
    return entries;
}

std::optional<std::vector<Entry>> sequence_items(const Entry& sequence, Diagnostics& diagnostics) {
    if (sequence.value.IsNull()) return std::vector<Entry>{};
    if (!sequence.value.IsSequence()) {
        diagnostics.report(sequence.mark, prefixed(sequence.path, "expected a sequence, got " +
                                                                      describe(sequence.value)));
        return std::nullopt;
    }
    std::vector<Entry> items;
    for (const YAML::Node& item : sequence.value) {
        // Like an empty mapping value, an empty item is marked at the next token.
        items.push_back(Entry{sequence.path + '[' + std::to_string(items.size()) + ']', item,
                              item.IsNull() ? sequence.mark : item.Mark()});
    }
    return items;
}

void read_fields(const Entry& mapping, std::span<const Field> fields, Diagnostics& diagnostics,
                 std::string_view unknown_key_hint) {
    std::vector<std::string_view> known_keys;
    for (const Field& field : fields)
        known_keys.push_back(field.key);
    for (const KeyedEntry& keyed : mapping_entries(mapping, diagnostics)) {
        const auto field = std::ranges::find(fields, keyed.key, &Field::key);
        if (field != fields.end()) {
            field->read(keyed.entry);
            continue;
        }
        std::string message = "unknown key '" + keyed.key + "'";
        if (!mapping.path.empty()) message += " in " + mapping.path;
        if (const auto suggestion = closest_match(keyed.key, known_keys)) {
            message += "; did you mean '" + std::string(*suggestion) + "'?";
        } else if (!unknown_key_hint.empty()) {
            message += "; " + std::string(unknown_key_hint);
        }
        diagnostics.report(keyed.key_mark, std::move(message));
    }
}

std::optional<std::string> read_string(const Entry& entry, Diagnostics& diagnostics) {
    if (!entry.value.IsScalar()) {
        diagnostics.report(entry.mark,
                           prefixed(entry.path, "expected a string, got " + describe(entry.value)));
        return std::nullopt;
    }
    const Scalar value = typed_scalar(entry.value);
    if (const auto* error = std::get_if<ScalarError>(&value)) {
        diagnostics.report(entry.mark, prefixed(entry.path, error->message));
        return std::nullopt;
    }
    if (entry.value.Scalar().empty()) {
        diagnostics.report(entry.mark, prefixed(entry.path, "must not be empty"));
        return std::nullopt;
    }
    return entry.value.Scalar();
}

std::optional<bool> read_bool(const Entry& entry, Diagnostics& diagnostics) {
    if (entry.value.IsScalar()) {
        const Scalar value = typed_scalar(entry.value);
        if (const auto* boolean = std::get_if<bool>(&value)) return *boolean;
    }
    diagnostics.report(
        entry.mark, prefixed(entry.path, "expected true or false, got " + describe(entry.value)));
    return std::nullopt;
}

std::optional<std::uint64_t> read_integer(const Entry& entry, std::uint64_t min, std::uint64_t max,
                                          Diagnostics& diagnostics) {
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    if (entry.value.IsScalar()) {
        const Scalar value = typed_scalar(entry.value);
        std::optional<std::uint64_t> number;
        if (const auto* as_uint = std::get_if<std::uint64_t>(&value)) number = *as_uint;
        if (const auto* as_int = std::get_if<std::int64_t>(&value)) {
            if (*as_int >= 0) number = static_cast<std::uint64_t>(*as_int);
        }
        if (number && *number >= min && *number <= max) return number;
        if (number || std::holds_alternative<std::int64_t>(value)) {
            diagnostics.report(entry.mark, prefixed(entry.path, "must be from " + range + ", got " +
                                                                    entry.value.Scalar()));
            return std::nullopt;
        }
        if (const auto* error = std::get_if<ScalarError>(&value)) {
            diagnostics.report(entry.mark, prefixed(entry.path, error->message));
            return std::nullopt;
        }
    }
    diagnostics.report(entry.mark, prefixed(entry.path, "expected an integer from " + range +
                                                            ", got " + describe(entry.value)));
    return std::nullopt;
}

std::optional<std::size_t> read_choice(const Entry& entry,
                                       std::span<const std::string_view> choices,
                                       Diagnostics& diagnostics) {
    const std::string expected = "expected one of " + quoted_choices(choices);
    if (!entry.value.IsScalar()) {
        diagnostics.report(entry.mark,
                           prefixed(entry.path, expected + ", got " + describe(entry.value)));
        return std::nullopt;
    }
    const std::string& text = entry.value.Scalar();
    const auto choice = std::ranges::find(choices, text);
    if (choice != choices.end()) return static_cast<std::size_t>(choice - choices.begin());
    std::string message = "unknown value '" + text + "'; " + expected;
    if (const auto suggestion = closest_match(text, choices)) {
        message += "; did you mean '" + std::string(*suggestion) + "'?";
    }
    diagnostics.report(entry.mark, prefixed(entry.path, std::move(message)));
    return std::nullopt;
}

}  // namespace plugboard::config::detail
