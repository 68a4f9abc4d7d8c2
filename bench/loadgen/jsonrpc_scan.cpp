#include "jsonrpc_scan.hpp"

#include <charconv>

namespace plugboard::bench {
namespace {

// Walks JSON text member by member. It checks structure only as far as needed to find member
// boundaries; values are skipped, not validated.
class Scanner {
  public:
    explicit Scanner(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

    bool consume(char expected) {
        skip_space();
        if (at_ == end_ || *at_ != expected) return false;
        ++at_;
        return true;
    }

    bool at_end() {
        skip_space();
        return at_ == end_;
    }

    // The raw contents of a string, escapes left as they are.
    std::optional<std::string_view> string() {
        skip_space();
        if (at_ == end_ || *at_ != '"') return std::nullopt;
        const char* begin = ++at_;
        while (at_ < end_) {
            if (*at_ == '"')
                return std::string_view(begin, static_cast<std::size_t>(at_++ - begin));
            if (*at_ == '\\' && end_ - at_ < 2) return std::nullopt;
            at_ += *at_ == '\\' ? 2 : 1;
        }
        return std::nullopt;
    }

    // The raw text of any value.
    std::optional<std::string_view> value() {
        skip_space();
        const char* begin = at_;
        if (at_ == end_) return std::nullopt;
        if (*at_ == '"') {
            if (!string()) return std::nullopt;
        } else if (*at_ == '{' || *at_ == '[') {
            if (!skip_nested()) return std::nullopt;
        } else {
            while (at_ < end_ && !ends_scalar(*at_))
                ++at_;
            if (at_ == begin) return std::nullopt;
        }
        return std::string_view(begin, static_cast<std::size_t>(at_ - begin));
    }

  private:
    static bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    static bool ends_scalar(char c) { return is_space(c) || c == ',' || c == '}' || c == ']'; }

    void skip_space() {
        while (at_ < end_ && is_space(*at_))
            ++at_;
    }

    bool skip_nested() {
        int depth = 0;
        while (at_ < end_) {
            const char c = *at_;
            if (c == '"') {
                if (!string()) return false;
                continue;
            }
            ++at_;
            if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return true;
            }
        }
        return false;
    }

    const char* at_;
    const char* end_;
};

template <class OnMember>
bool for_each_member(Scanner& scanner, OnMember&& on_member) {
    if (!scanner.consume('{')) return false;
    if (scanner.consume('}')) return true;
    do {
        const auto key = scanner.string();
        if (!key || !scanner.consume(':')) return false;
        const auto value = scanner.value();
        if (!value) return false;
        on_member(*key, *value);
    } while (scanner.consume(','));
    return scanner.consume('}');
}

std::optional<std::uint64_t> integer_id(std::string_view text) {
    std::uint64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return id;
}

bool reports_tool_error(std::string_view result) {
    bool is_error = false;
    Scanner scanner(result);
    for_each_member(scanner, [&](std::string_view key, std::string_view value) {
        if (key == "isError" && value == "true") is_error = true;
    });
    return is_error;
}

}  // namespace

ScannedMessage scan_jsonrpc_message(std::string_view text) {
    ScannedMessage message;
    bool has_method = false;
    bool has_result = false;
    bool has_error = false;
    Scanner scanner(text);
    const bool well_formed =
        for_each_member(scanner,
                        [&](std::string_view key, std::string_view value) {
                            if (key == "id") {
                                message.id = integer_id(value);
                            } else if (key == "method") {
                                has_method = true;
                            } else if (key == "error") {
                                has_error = true;
                            } else if (key == "result") {
                                has_result = true;
                                message.failed = message.failed || reports_tool_error(value);
                            }
                        }) &&
        scanner.at_end();
    if (!well_formed) return {};
    if (has_method) {
        message.kind = ScannedMessage::Kind::other;
    } else if (has_result || has_error) {
        message.kind = ScannedMessage::Kind::response;
        message.failed = message.failed || has_error;
    }
    return message;
}

}  // namespace plugboard::bench
