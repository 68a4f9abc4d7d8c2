#include "uri/expression_region.hpp"

#include <algorithm>
#include <iterator>

#include "uri/percent_encoding.hpp"

namespace plugboard::uri {
namespace {

using Pieces = std::vector<std::string_view>;

Pieces split(std::string_view text, char separator) {
    Pieces pieces;
    std::size_t start = 0;
    for (std::size_t next = text.find(separator); next != std::string_view::npos;
         next = text.find(separator, start)) {
        pieces.push_back(text.substr(start, next - start));
        start = next + 1;
    }
    pieces.push_back(text.substr(start));
    return pieces;
}

// From the start of `first` to the end of `last`, both views into the same text.
std::string_view span(std::string_view first, std::string_view last) {
    return {first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data())};
}

// Sets a variable, or checks that it agrees with where the template used it before.
bool bind(Variables& vars, const std::string& name, VariableValue value) {
    const auto found = vars.find(name);
    if (found != vars.end()) return found->second == value;
    vars.emplace(name, std::move(value));
    return true;
}

// Unnamed operators: pieces between separators go to the variables in order; the first
// exploded variable, or else the last variable, takes the surplus.
bool bind_unnamed(const Expression& expression, char separator, std::string_view region,
                  Variables& vars) {
    const std::vector<VarSpec>& specs = expression.variables;
    const Pieces pieces = split(region, separator);
    const auto exploded =
        std::find_if(specs.begin(), specs.end(), [](const VarSpec& spec) { return spec.explode; });
    const auto absorber = static_cast<std::size_t>(
        exploded != specs.end() ? exploded - specs.begin() : std::ssize(specs) - 1);
    const std::size_t surplus = pieces.size() > specs.size() ? pieces.size() - specs.size() : 0;
    if (surplus > 0 && expression.op == Operator::PathSegment && !specs[absorber].explode) {
        return false;
    }
    std::size_t next = 0;
    for (std::size_t i = 0; i < specs.size() && next < pieces.size(); ++i) {
        const std::size_t count = i == absorber ? 1 + surplus : 1;
        const auto first = pieces.begin() + static_cast<std::ptrdiff_t>(next);
        const auto last = first + static_cast<std::ptrdiff_t>(count);
        next += count;
        VariableValue value;
        if (specs[i].explode) {
            std::vector<std::string> items;
            std::transform(first, last, std::back_inserter(items), percent_decode);
            value = std::move(items);
        } else {
            value = percent_decode(span(*first, *(last - 1)));
        }
        if (!bind(vars, specs[i].name, std::move(value))) return false;
    }
    return true;
}

// Named operators: "name=value" parameters in any order; exploded variables collect lists.
bool bind_named(const Expression& expression, char separator, std::string_view region,
                Variables& vars) {
    const std::vector<VarSpec>& specs = expression.variables;
    Variables given;
    for (const std::string_view parameter : split(region, separator)) {
        const std::size_t equals = parameter.find('=');
        const std::string_view name = parameter.substr(0, equals);
        const auto spec = std::find_if(specs.begin(), specs.end(), [&](const VarSpec& candidate) {
            return candidate.name == name;
        });
        if (spec == specs.end()) return false;
        std::string value = equals == std::string_view::npos
                                ? std::string()
                                : percent_decode(parameter.substr(equals + 1));
        if (spec->explode) {
            auto& items = given.try_emplace(spec->name, std::vector<std::string>{}).first->second;
            std::get<std::vector<std::string>>(items).push_back(std::move(value));
        } else if (!given.try_emplace(spec->name, std::move(value)).second) {
            return false;
        }
    }
    for (auto& [name, value] : given) {
        if (!bind(vars, name, std::move(value))) return false;
    }
    return true;
}

}  // namespace

std::string_view stop_characters(Operator op) {
    switch (op) {
        case Operator::Reserved:
        case Operator::Fragment:
            return "";
        case Operator::PathSegment:
            return "?#";
        case Operator::Query:
        case Operator::QueryContinuation:
            return "#";
        case Operator::Label:
        case Operator::PathParameter:
        case Operator::Simple:
            break;
    }
    return "/?#";
}

RegionValidator::RegionValidator(const Expression& expression)
    : expression_(expression),
      traits_(traits_of(expression.op)),
      given_(expression.variables.size(), false) {
    for (const VarSpec& spec : expression.variables) {
        has_exploded_ = has_exploded_ || spec.explode;
        longest_name_ = std::max(longest_name_, spec.name.size());
    }
}

void RegionValidator::append(std::string_view more) {
    if (traits_.named) {
        for (const char c : more) {
            if (broken_) return;
            append_named(c);
        }
    } else if (expression_.op == Operator::PathSegment) {
        separators_ += static_cast<std::size_t>(std::count(more.begin(), more.end(), '/'));
    }
}

void RegionValidator::append_named(char c) {
    if (c == traits_.separator) {
        close_parameter();
    } else if (c == '=' && !in_value_) {
        in_value_ = true;
    } else if (!in_value_) {
        name_ += c;
        broken_ = name_.size() > longest_name_;
    }
}

bool RegionValidator::valid() const {
    if (!traits_.named) {
        // Path segments cannot hold '/', so surplus pieces need an exploded variable.
        return expression_.op != Operator::PathSegment || has_exploded_ ||
               separators_ < expression_.variables.size();
    }
    return !broken_ && may_give(name_);
}

bool RegionValidator::exhausted() const {
    if (traits_.named) return broken_;
    return expression_.op == Operator::PathSegment && !has_exploded_ &&
           separators_ >= expression_.variables.size();
}

const VarSpec* RegionValidator::find(std::string_view name) const {
    const auto& specs = expression_.variables;
    const auto found = std::find_if(specs.begin(), specs.end(),
                                    [&](const VarSpec& spec) { return spec.name == name; });
    return found == specs.end() ? nullptr : &*found;
}

bool RegionValidator::may_give(std::string_view name) const {
    const VarSpec* spec = find(name);
    return spec != nullptr &&
           (spec->explode ||
            !given_[static_cast<std::size_t>(spec - expression_.variables.data())]);
}

void RegionValidator::close_parameter() {
    if (!may_give(name_)) {
        broken_ = true;
        return;
    }
    const VarSpec* spec = find(name_);
    given_[static_cast<std::size_t>(spec - expression_.variables.data())] = true;
    name_.clear();
    in_value_ = false;
}

bool bind_region(const Expression& expression, std::string_view region, Variables& vars) {
    const OperatorTraits traits = traits_of(expression.op);
    return traits.named ? bind_named(expression, traits.separator, region, vars)
                        : bind_unnamed(expression, traits.separator, region, vars);
}

}  // namespace plugboard::uri
