#pragma once

#include <string_view>

#include "uri/template_parts.hpp"

namespace plugboard::uri {

// How an operator expands its variables: the table of RFC 6570 appendix A.
struct OperatorTraits {
    std::string_view first;     // emitted before the first defined variable
    char separator;             // between variables and between exploded list members
    bool named;                 // values are emitted as name=value
    std::string_view if_empty;  // follows the name of a variable whose value is empty
    bool allow_reserved;        // reserved characters and %XX triplets pass unencoded
};

constexpr OperatorTraits traits_of(Operator op) {
    switch (op) {
        case Operator::Reserved:
            return {"", ',', false, "", true};
        case Operator::Fragment:
            return {"#", ',', false, "", true};
        case Operator::Label:
            return {".", '.', false, "", false};
        case Operator::PathSegment:
            return {"/", '/', false, "", false};
        case Operator::PathParameter:
            return {";", ';', true, "", false};
        case Operator::Query:
            return {"?", '&', true, "=", false};
        case Operator::QueryContinuation:
            return {"&", '&', true, "=", false};
        case Operator::Simple:
            break;
    }
    return {"", ',', false, "", false};
}

}  // namespace plugboard::uri
