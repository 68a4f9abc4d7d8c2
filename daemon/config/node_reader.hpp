#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/diagnostics.hpp"

// Typed reading of YAML nodes; every reader reports its own errors and returns nullopt on them.
namespace plugboard::config::detail {

// A value in the configuration and where problems with it are reported.
struct Entry {
    std::string path;  // e.g. "limits.page_size", "plugin_dirs[1]"; empty for the top level
    YAML::Node value;
    YAML::Mark mark;
};

struct KeyedEntry {
    std::string key;
    YAML::Mark key_mark;
    Entry entry;
};

struct Field {
    std::string_view key;
    std::function<void(const Entry&)> read;
};

// "a sequence", "the string \"abc\"", "'1.5'": what a node is, for "expected ..., got ..."
// messages.
std::string describe(const YAML::Node& node);

// Whether `entry` is a mapping, reporting it when not. An empty value is an empty mapping.
bool expect_mapping(const Entry& entry, Diagnostics& diagnostics);

// The entries of a mapping in file order. Keys that are not scalars or that repeat an earlier
// key are reported and left out.
std::vector<KeyedEntry> mapping_entries(const Entry& mapping, Diagnostics& diagnostics);

// The items of a sequence; an empty value has none.
std::optional<std::vector<Entry>> sequence_items(const Entry& sequence, Diagnostics& diagnostics);

// Reads a mapping by handing each key's value to the field of that key. An unknown key is
// reported with the closest known key, or with `unknown_key_hint` when none is close.
void read_fields(const Entry& mapping, std::span<const Field> fields, Diagnostics& diagnostics,
                 std::string_view unknown_key_hint = {});

// Any non-empty scalar, quoted or not.
std::optional<std::string> read_string(const Entry& entry, Diagnostics& diagnostics);

std::optional<bool> read_bool(const Entry& entry, Diagnostics& diagnostics);

std::optional<std::uint64_t> read_integer(const Entry& entry, std::uint64_t min, std::uint64_t max,
                                          Diagnostics& diagnostics);

// The index of the entry's value in `choices`.
std::optional<std::size_t> read_choice(const Entry& entry,
                                       std::span<const std::string_view> choices,
                                       Diagnostics& diagnostics);

}  // namespace plugboard::config::detail
