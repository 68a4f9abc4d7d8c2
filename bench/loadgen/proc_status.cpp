#include "proc_status.hpp"

#include <charconv>
#include <fstream>
#include <string>

namespace plugboard::bench {

std::optional<std::int64_t> read_status_kb(pid_t pid, std::string_view field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        const std::string_view text(line);
        if (!text.starts_with(field) || text.size() <= field.size() || text[field.size()] != ':') {
            continue;
        }
        const auto digits = text.find_first_of("0123456789", field.size());
        if (digits == std::string_view::npos) return std::nullopt;
        std::int64_t kb = 0;
        std::from_chars(text.data() + digits, text.data() + text.size(), kb);
        return kb;
    }
    return std::nullopt;
}

}  // namespace plugboard::bench
