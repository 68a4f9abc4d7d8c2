#include "config/yaml_json.hpp"

#include <cmath>
#include <type_traits>
#include <variant>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "config/scalar.hpp"

namespace plugboard::config::detail {
namespace {

namespace json = boost::json;

// Aliases can make a tree recursive or exponentially large; these bound the walk.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 100'000;

class Converter {
  public:
    Converter(std::string block_path, Diagnostics& diagnostics)
        : block_path_(std::move(block_path)), diagnostics_(diagnostics) {}

    std::optional<json::value> convert(const Entry& entry, int depth) {
        if (gave_up_) return std::nullopt;
        if (depth > kMaxDepth) {
            return give_up(entry, "nested more than " + std::to_string(kMaxDepth) +
                                      " levels deep (a recursive alias?)");
        }
        if (nodes_left_ == 0) {
            return give_up(
                entry, "more than " + std::to_string(kMaxNodes) + " values (aliases of aliases?)");
        }
        --nodes_left_;
        if (entry.value.IsMap()) return object(entry, depth);
        if (entry.value.IsSequence()) return array(entry, depth);
        return scalar(entry);
    }

  private:
    std::optional<json::value> object(const Entry& entry, int depth) {
        json::object result;
        bool complete = true;
        for (const KeyedEntry& keyed : mapping_entries(entry, diagnostics_)) {
            auto value = convert(keyed.entry, depth + 1);
            if (value) {
                result[keyed.key] = std::move(*value);
            } else {
                complete = false;
            }
        }
        // Keys that mapping_entries refused were reported there.
        if (!complete || result.size() != entry.value.size()) return std::nullopt;
        return result;
    }

    std::optional<json::value> array(const Entry& entry, int depth) {
        json::array result;
        bool complete = true;
        const auto items = sequence_items(entry, diagnostics_);
        for (const Entry& item : *items) {
            auto value = convert(item, depth + 1);
            if (value) {
                result.push_back(std::move(*value));
            } else {
                complete = false;
            }
        }
        if (!complete) return std::nullopt;
        return result;
    }

    std::optional<json::value> scalar(const Entry& entry) {
        return std::visit(
            [&](const auto& value) -> std::optional<json::value> {
                using Type = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<Type, Null>) {
                    return json::value(nullptr);
                } else if constexpr (std::is_same_v<Type, ScalarError>) {
                    diagnostics_.report(entry.mark, entry.path + ": " + value.message);
                    return std::nullopt;
                } else if constexpr (std::is_same_v<Type, double>) {
                    if (std::isfinite(value)) return json::value(value);
                    diagnostics_.report(entry.mark, entry.path + ": '" + entry.value.Scalar() +
                                                        "' cannot be represented in JSON");
                    return std::nullopt;
                } else {
                    return json::value(value);
                }
            },
            typed_scalar(entry.value));
    }

    // Reported once, for the whole block: the path down a recursion is not worth printing.
    std::nullopt_t give_up(const Entry& entry, const std::string& reason) {
        gave_up_ = true;
        diagnostics_.report(entry.mark, block_path_ + ": " + reason);
        return std::nullopt;
    }

    std::string block_path_;
    Diagnostics& diagnostics_;
    std::size_t nodes_left_ = kMaxNodes;
    bool gave_up_ = false;
};

}  // namespace

std::optional<std::string> config_block_to_json(const Entry& block, Diagnostics& diagnostics) {
    if (block.value.IsNull()) return "{}";
    if (!block.value.IsMap()) {
        diagnostics.report(block.mark, block.path +
                                           ": expected a mapping (the plugin receives a JSON "
                                           "object), got " +
                                           describe(block.value));
        return std::nullopt;
    }
    const auto value = Converter(block.path, diagnostics).convert(block, 0);
    if (!value) return std::nullopt;
    return json::serialize(*value);
}

}  // namespace plugboard::config::detail
