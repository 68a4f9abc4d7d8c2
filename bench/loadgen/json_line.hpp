#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plugboard::bench {

// The one-line JSON object a run prints on stdout for scripts.
class JsonLine {
  public:
    JsonLine& text(std::string_view key, std::string_view value);
    JsonLine& integer(std::string_view key, std::int64_t value);
    JsonLine& integer(std::string_view key, std::optional<std::int64_t> value);
    JsonLine& number(std::string_view key, std::optional<double> value, int decimals);
    JsonLine& boolean(std::string_view key, bool value);
    std::string finish() const;

  private:
    void key(std::string_view name);

    std::string members_;
};

// Prints the line on stdout, flushed, so a script sees it even if we are killed afterwards.
void print_json_line(const JsonLine& line);

}  // namespace plugboard::bench
