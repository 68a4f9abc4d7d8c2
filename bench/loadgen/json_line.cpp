#include "json_line.hpp"

#include "json/json_writer.hpp"

#include <cmath>
#include <cstdio>

namespace plugboard::bench {

JsonLine& JsonLine::text(std::string_view name, std::string_view value) {
    key(name);
    json::append_string(members_, value);
    return *this;
}

JsonLine& JsonLine::integer(std::string_view name, std::int64_t value) {
    key(name);
    members_ += std::to_string(value);
    return *this;
}

JsonLine& JsonLine::integer(std::string_view name, std::optional<std::int64_t> value) {
    if (value) return integer(name, *value);
    key(name);
    members_ += "null";
    return *this;
}

JsonLine& JsonLine::number(std::string_view name, std::optional<double> value, int decimals) {
    key(name);
    if (!value || !std::isfinite(*value)) {
        members_ += "null";
        return *this;
    }
    char formatted[64];
    std::snprintf(formatted, sizeof formatted, "%.*f", decimals, *value);
    members_ += formatted;
    return *this;
}

JsonLine& JsonLine::boolean(std::string_view name, bool value) {
    key(name);
    members_ += value ? "true" : "false";
    return *this;
}

std::string JsonLine::finish() const {
    return "{" + members_ + "}";
}

void JsonLine::key(std::string_view name) {
    if (!members_.empty()) members_ += ',';
    json::append_string(members_, name);
    members_ += ':';
}

void print_json_line(const JsonLine& line) {
    const std::string text = line.finish() + "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

}  // namespace plugboard::bench
