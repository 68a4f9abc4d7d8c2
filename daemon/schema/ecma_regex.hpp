// ECMA-262 `pattern`s on top of Boost.Regex with ICU: translates the ECMA-only syntax, then
// matches code points (not bytes) of a UTF-8 string, unanchored. ICU supplies the Unicode
// properties (\p{Letter}) that 2020-12's "unicode semantics" require. Boost.Regex and ICU
// live in plugboard-regex.so (regex_module.h), loaded on the first pattern compiled.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace plugboard::schema::detail {

class EcmaRegex {
  public:
    // nullopt with `error` set when the pattern does not compile.
    static std::optional<EcmaRegex> compile(std::string_view pattern, std::string& error);

    // Whether the pattern matches somewhere in `utf8`; nullopt when Boost gave up because the
    // match grew too complex (catastrophic backtracking).
    std::optional<bool> search(std::string_view utf8) const;

    const std::string& source() const noexcept { return source_; }

  private:
    EcmaRegex(std::string source, std::shared_ptr<const void> regex);

    std::string source_;
    std::shared_ptr<const void> regex_;  // the module's compiled pattern
};

// Exposed for tests: the Boost syntax a pattern is rewritten to (UTF-32 in a wstring).
std::optional<std::wstring> translate_ecma_pattern(std::string_view pattern, std::string& error);

}  // namespace plugboard::schema::detail
