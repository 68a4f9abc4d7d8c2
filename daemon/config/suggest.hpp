#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace plugboard::config::detail {

// The candidate `word` is most likely a misspelling of, if any is close enough.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

}  // namespace plugboard::config::detail
