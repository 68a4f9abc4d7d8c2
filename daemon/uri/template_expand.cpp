#include <string_view>

#include "uri/operator_traits.hpp"
#include "uri/percent_encoding.hpp"
#include "uri/uri_template.hpp"

namespace plugboard::uri {
namespace {

// The first `max_length` characters of `value`. A character is a UTF-8 sequence, so a
// multibyte character is never cut; where reserved characters are allowed, a %XX triplet counts
// as one character too, so it is never cut either.
std::string_view prefix_of(std::string_view value, std::size_t max_length, bool allow_reserved) {
    std::size_t pos = 0;
    for (std::size_t count = 0; count < max_length && pos < value.size(); ++count) {
        if (allow_reserved && is_percent_triplet(value, pos)) {
            pos += 3;
            continue;
        }
        ++pos;
        while (pos < value.size() && (static_cast<unsigned char>(value[pos]) & 0xC0) == 0x80) {
            ++pos;
        }
    }
    return value.substr(0, pos);
}

bool is_defined(const VariableValue& value) {
    const auto* list = std::get_if<std::vector<std::string>>(&value);
    return list == nullptr || !list->empty();
}

void append_string(std::string& out, const VarSpec& spec, const OperatorTraits& traits,
                   const std::string& value) {
    if (traits.named) {
        out += spec.name;
        if (value.empty()) {
            out += traits.if_empty;
            return;
        }
        out += '=';
    }
    const std::string_view shown =
        spec.max_length > 0 ? prefix_of(value, spec.max_length, traits.allow_reserved) : value;
    append_percent_encoded(out, shown, traits.allow_reserved);
}

// RFC 6570 leaves prefix modifiers on lists undefined; they are ignored here.
void append_list(std::string& out, const VarSpec& spec, const OperatorTraits& traits,
                 const std::vector<std::string>& items) {
    if (!spec.explode) {
        if (traits.named) out += spec.name + '=';
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += ',';
            append_percent_encoded(out, items[i], traits.allow_reserved);
        }
        return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += traits.separator;
        if (traits.named) {
            out += spec.name;
            if (items[i].empty()) {
                out += traits.if_empty;
                continue;
            }
            out += '=';
        }
        append_percent_encoded(out, items[i], traits.allow_reserved);
    }
}

void append_expression(std::string& out, const Expression& expression, const Variables& vars) {
    const OperatorTraits traits = traits_of(expression.op);
    bool first = true;
    for (const VarSpec& spec : expression.variables) {
        const auto found = vars.find(spec.name);
        if (found == vars.end() || !is_defined(found->second)) continue;
        if (first) {
            out += traits.first;
            first = false;
        } else {
            out += traits.separator;
        }
        if (const auto* text = std::get_if<std::string>(&found->second)) {
            append_string(out, spec, traits, *text);
        } else {
            append_list(out, spec, traits, std::get<std::vector<std::string>>(found->second));
        }
    }
}

}  // namespace

std::string UriTemplate::expand(const Variables& vars) const {
    std::string out;
    for (const TemplatePart& part : parts_) {
        if (const auto* literal = std::get_if<std::string>(&part)) {
            out += *literal;
        } else {
            append_expression(out, std::get<Expression>(part), vars);
        }
    }
    return out;
}

}  // namespace plugboard::uri
