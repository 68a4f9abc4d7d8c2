#include <map>
#include <string_view>

#include "uri/expression_region.hpp"
#include "uri/operator_traits.hpp"
#include "uri/uri_template.hpp"

namespace plugboard::uri {
namespace {

// Backtracking over the template's parts: each expression tries its possible extents, shortest
// first, and the rest of the template must match after it. Values are decoded only once the
// whole URI fits.
class Matcher {
  public:
    Matcher(const std::vector<TemplatePart>& parts, std::string_view uri, bool memoize)
        : parts_(parts), uri_(uri) {
        if (memoize) dead_ends_.assign(parts.size() * (uri.size() + 1), false);
    }

    std::optional<Variables> run() {
        if (!from(0, 0)) return std::nullopt;
        return std::move(result_);
    }

  private:
    struct Extent {
        const Expression* expression;
        std::string_view region;
    };

    bool from(std::size_t part, std::size_t pos) {
        if (part == parts_.size()) return pos == uri_.size() && bind_all();
        // A state that failed once fails again: its outcome does not depend on the extents
        // chosen before it unless the template repeats a variable, and then memoize is off.
        if (known_dead_end(part, pos)) return false;
        bool matched = false;
        if (const auto* literal = std::get_if<std::string>(&parts_[part])) {
            matched =
                uri_.substr(pos).starts_with(*literal) && from(part + 1, pos + literal->size());
        } else {
            matched = from_expression(part, std::get<Expression>(parts_[part]), pos);
        }
        if (!matched && !dead_ends_.empty()) dead_ends_[state(part, pos)] = true;
        return matched;
    }

    bool from_expression(std::size_t part, const Expression& expression, std::size_t pos) {
        const OperatorTraits traits = traits_of(expression.op);
        const bool prefixed = !traits.first.empty();
        if (prefixed && (pos == uri_.size() || uri_[pos] != traits.first[0])) {
            return from(part + 1, pos);
        }
        const std::size_t begin = prefixed ? pos + 1 : pos;
        const std::size_t limit = next_stop(stop_characters(expression.op), begin);
        RegionValidator validator(expression);
        std::size_t validated_to = begin;
        // Without a prefix character an expression that matches nothing is indistinguishable
        // from an absent one, and a simple variable needs one character or more.
        for (std::size_t end = next_start(part + 1, prefixed ? begin : begin + 1); end <= limit;
             end = next_start(part + 1, end + 1)) {
            validator.append(uri_.substr(validated_to, end - validated_to));
            validated_to = end;
            if (validator.exhausted()) break;
            if (!validator.valid() || known_dead_end(part + 1, end)) continue;
            extents_.push_back({&expression, uri_.substr(begin, end - begin)});
            if (from(part + 1, end)) return true;
            extents_.pop_back();
        }
        // The prefix character may belong to what follows instead.
        return prefixed && from(part + 1, pos);
    }

    std::size_t state(std::size_t part, std::size_t pos) const {
        return part * (uri_.size() + 1) + pos;
    }

    bool known_dead_end(std::size_t part, std::size_t pos) const {
        return part < parts_.size() && !dead_ends_.empty() && dead_ends_[state(part, pos)];
    }

    // The first position from `pos` on where `part` may start (npos if none), found cheaply so
    // that expressions only try extents that the rest of the template can follow.
    std::size_t next_start(std::size_t part, std::size_t pos) const {
        if (pos > uri_.size()) return std::string_view::npos;
        if (part == parts_.size()) return uri_.size();
        if (const auto* literal = std::get_if<std::string>(&parts_[part])) {
            return uri_.find(*literal, pos);
        }
        return pos;
    }

    // The first position from `pos` on that holds one of `stops`, or the URI's end. Looked up in
    // a table so that trying many states costs no rescans of the URI.
    std::size_t next_stop(std::string_view stops, std::size_t pos) {
        if (stops.empty()) return uri_.size();
        std::vector<std::size_t>& table = next_stop_[stops];
        if (table.empty()) {
            table.resize(uri_.size() + 1, uri_.size());
            for (std::size_t i = uri_.size(); i-- > 0;) {
                table[i] = stops.find(uri_[i]) != std::string_view::npos ? i : table[i + 1];
            }
        }
        return table[pos];
    }

    bool bind_all() {
        Variables vars;
        for (const Extent& extent : extents_) {
            if (!bind_region(*extent.expression, extent.region, vars)) return false;
        }
        result_ = std::move(vars);
        return true;
    }

    const std::vector<TemplatePart>& parts_;
    std::string_view uri_;
    std::vector<bool> dead_ends_;  // indexed by state; empty when not memoizing
    std::map<std::string_view, std::vector<std::size_t>> next_stop_;  // per set of stops
    std::vector<Extent> extents_;  // of the expressions present so far, in order
    Variables result_;
};

}  // namespace

std::optional<Variables> UriTemplate::match(std::string_view uri) const {
    if (uri.size() > kMaxMatchLength) return std::nullopt;
    return Matcher(parts_, uri, !repeats_a_variable_).run();
}

}  // namespace plugboard::uri
