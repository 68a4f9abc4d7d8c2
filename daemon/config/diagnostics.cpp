#include "config/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace plugboard::config::detail {

void Diagnostics::report(const YAML::Mark& mark, std::string message) {
    if (mark.is_null()) {
        report(0, 0, std::move(message));
    } else {
        report(mark.line + 1, mark.column + 1, std::move(message));
    }
}

void Diagnostics::report(int line, int column, std::string message) {
    errors_.push_back(ConfigError{file_, line, column, std::move(message)});
}

std::vector<ConfigError> Diagnostics::take() {
    // Errors are found while walking the tree, which is mostly but not always file order.
    std::ranges::stable_sort(errors_, [](const ConfigError& a, const ConfigError& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return std::move(errors_);
}

}  // namespace plugboard::config::detail
