#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "uri/operator_traits.hpp"
#include "uri/template_parts.hpp"
#include "uri/uri_template.hpp"

// What the text one expression matched (its "region", without the operator's prefix character)
// says about the expression's variables. The rules are documented on UriTemplate.
namespace plugboard::uri {

// Characters a region never contains.
std::string_view stop_characters(Operator op);

// Follows a region as it grows and tells whether the region so far could be the expression's
// whole match, so that matching can try every extent without re-reading the region each time.
class RegionValidator {
  public:
    explicit RegionValidator(const Expression& expression);

    void append(std::string_view more);
    bool valid() const;
    // True once no longer region can be valid either.
    bool exhausted() const;

  private:
    const VarSpec* find(std::string_view name) const;
    bool may_give(std::string_view name) const;
    void append_named(char c);
    void close_parameter();

    const Expression& expression_;
    OperatorTraits traits_;
    bool has_exploded_ = false;
    std::size_t separators_ = 0;  // path segments only

    // Named operators only: the parameter being read, and which variables are already given.
    std::size_t longest_name_ = 0;
    std::string name_;
    bool in_value_ = false;
    bool broken_ = false;
    std::vector<bool> given_;
};

// Sets the expression's variables from its region, percent-decoded. False when the region does
// not fit the expression or a value disagrees with the one `vars` already holds.
bool bind_region(const Expression& expression, std::string_view region, Variables& vars);

}  // namespace plugboard::uri
