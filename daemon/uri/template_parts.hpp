#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace plugboard::uri {

// The operator character that opens an RFC 6570 expression.
enum class Operator : char {
    Simple = '\0',
    Reserved = '+',
    Fragment = '#',
    Label = '.',
    PathSegment = '/',
    PathParameter = ';',
    Query = '?',
    QueryContinuation = '&',
};

struct VarSpec {
    std::string name;
    std::size_t max_length = 0;  // the ":N" prefix modifier; 0 when absent
    bool explode = false;        // the "*" modifier
};

struct Expression {
    Operator op = Operator::Simple;
    std::vector<VarSpec> variables;
};

// A literal holds its text exactly as expansion emits it, i.e. already percent-encoded.
using TemplatePart = std::variant<std::string, Expression>;

}  // namespace plugboard::uri
