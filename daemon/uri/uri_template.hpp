#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "uri/template_parts.hpp"

namespace plugboard::uri {

// A variable is a string or a list of strings. Associative arrays (RFC 6570 "keys") are not
// supported. An empty list counts as undefined, as the RFC says.
using VariableValue = std::variant<std::string, std::vector<std::string>>;
using Variables = std::map<std::string, VariableValue, std::less<>>;

// An RFC 6570 URI template, levels 1 to 4: operators none + # . / ; ? &, the prefix modifier
// ":N" (1..9999) and the explode modifier "*".
//
// match() is the reverse of expand(): it tells whether a URI fits the template and with which
// values. Literals must appear byte for byte as expansion writes them. What each expression
// matches:
//   {var}          one or more characters other than '/', '?' and '#'
//   {+var}         one or more characters of any kind, '/' included
//   {#var}         '#' and then any characters; "#" alone gives the empty string
//   {.var} {/var}  the prefixed form. Labels never contain '/', '?' or '#'; path segments never
//                  contain '/', '?' or '#'.
//   {;a,b}         ";a=1;b" style parameters, never containing '/', '?' or '#'
//   {?a,b} {&a,b}  "?a=1&b=2" style parameters, never containing '#'
// Expressions with a prefix character (# . / ; ? &) may be absent as a whole, which leaves
// their variables unset. Named expressions (; ? &) accept their parameters in any order; a
// parameter that is absent leaves its variable unset. A parameter name the expression does not
// list, or a non-exploded variable given twice, means no match. Parameters belong to the
// expression that holds them: "{?a}{&b}" needs a's parameter (if any) before b's.
// Exploded variables give lists: "{/list*}" matches "/a/b/c", "{?tag*}" matches
// "?tag=a&tag=b". Values are split at separators first and percent-decoded afterwards, so an
// encoded separator ("%2F", "%2C") stays inside a value.
//
// What match() does not do, because the expanded form no longer says:
//   - Prefix modifiers are ignored: "{var:3}" matches a value of any length.
//   - A non-exploded variable always yields a string: "{list}" matching "red,green,blue" gives
//     the string "red,green,blue", not a list.
//   - In unnamed expressions with several variables ("{x,y}", "{/a,b}") values are assigned in
//     template order, since undefined variables leave no trace: "{x,y}" matching "768" sets x.
//     Surplus pieces go to the first exploded variable, or else join the last variable (except
//     for path segments, where surplus means no match).
//   - Ambiguity is settled by trying the shortest value first for each expression, left to
//     right, and by preferring an optional expression to be present: "{a}-{b}" matching "x-y-z"
//     gives a="x", b="y-z".
//   - A variable used twice in a template must match the same value in both places.
//   - Decoded values are bytes; they may be invalid UTF-8 (variables_to_json writes U+FFFD).
class UriTemplate {
  public:
    // Returns nullopt for a malformed template (unclosed or empty expression, stray '}', bad or
    // reserved operator, bad variable name, prefix outside 1..9999, a character RFC 6570 does
    // not allow in a literal) and writes the reason, with its offset, to *error if given.
    static std::optional<UriTemplate> parse(std::string_view text, std::string* error = nullptr);

    // Full RFC 6570 expansion. Variables missing from `vars` are undefined.
    std::string expand(const Variables& vars) const;

    // The variables that make expand() produce `uri`, percent-decoded; nullopt when `uri` does
    // not fit the template. Variables that the URI leaves out are not set.
    std::optional<Variables> match(std::string_view uri) const;

    // match() refuses longer URIs: with adjacent expressions ("{a}{b}") or several reserved
    // ones, its time grows with the square of the URI's length. RFC 9110 asks for 8000 octets.
    static constexpr std::size_t kMaxMatchLength = 8192;

    const std::string& text() const { return text_; }

    // Each variable name once, in order of first appearance.
    const std::vector<std::string>& variable_names() const { return variable_names_; }

  private:
    UriTemplate() = default;

    std::string text_;
    std::vector<TemplatePart> parts_;
    std::vector<std::string> variable_names_;
    bool repeats_a_variable_ = false;
};

// The variables as a JSON object, strings as JSON strings and lists as arrays of strings, e.g.
// {"id":"42","tags":["a","b"]}. Keys come in sorted order. Invalid UTF-8 becomes U+FFFD so the
// result is always valid JSON.
std::string variables_to_json(const Variables& vars);

}  // namespace plugboard::uri
