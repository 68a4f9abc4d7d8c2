#include "config/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace plugboard::config::detail {
namespace {

char fold(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Edits (insert, delete, substitute, swap neighbours) between a and b, ignoring case.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t width = b.size() + 1;
    std::vector<std::size_t> d((a.size() + 1) * width);
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
    for (std::size_t i = 0; i <= a.size(); ++i)
        at(i, 0) = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        at(0, j) = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1])) {
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
            }
        }
    }
    return at(a.size(), b.size());
}

// "warn" for "warning", "info" for "information": one word cut short or spelled out.
bool one_abbreviates_other(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    constexpr std::size_t shortest_abbreviation = 3;
    return a.size() >= shortest_abbreviation &&
           std::ranges::equal(a, b.substr(0, a.size()),
                              [](char x, char y) { return fold(x) == fold(y); });
}

}  // namespace

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates) {
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (const std::string_view candidate : candidates) {
        // A third of the word may be wrong: enough for typos, too little for unrelated words.
        const std::size_t tolerance = std::max<std::size_t>(1, candidate.size() / 3);
        const std::size_t distance = edit_distance(word, candidate);
        // Replacing every letter of a short candidate is no misspelling of it.
        const bool close = (distance <= tolerance && distance < candidate.size()) ||
                           one_abbreviates_other(word, candidate);
        if (close && (!best || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

}  // namespace plugboard::config::detail
