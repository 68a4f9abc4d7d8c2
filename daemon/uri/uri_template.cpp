#include "uri/uri_template.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "uri/percent_encoding.hpp"

namespace plugboard::uri {
namespace {

constexpr std::size_t kMaxPrefixLength = 9999;

std::string describe(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F) {
        constexpr std::string_view hex = "0123456789ABCDEF";
        return std::string("byte 0x") + hex[byte >> 4] + hex[byte & 0x0F];
    }
    return std::string("'") + c + "'";
}

// RFC 6570 section 2.1: literals exclude controls, space and these characters ('{', '}' and
// '%' are handled by the caller).
bool allowed_in_literal(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return false;
    return std::string_view("\"'<>\\^`|").find(c) == std::string_view::npos;
}

bool is_varchar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Parses the inside of one "{...}"; `offset` is where the body starts in the template, for
// error messages.
class ExpressionParser {
  public:
    ExpressionParser(std::string_view body, std::size_t offset) : body_(body), offset_(offset) {}

    std::optional<Expression> parse(std::string& error) {
        if (body_.empty()) return fail(error, 0, "empty expression");
        Expression expression;
        std::size_t pos = 0;
        const char first = body_[0];
        if (std::string_view("+#./;?&").find(first) != std::string_view::npos) {
            expression.op = static_cast<Operator>(first);
            ++pos;
        } else if (std::string_view("=,!@|").find(first) != std::string_view::npos) {
            return fail(error, 0, "reserved operator " + describe(first));
        }
        while (true) {
            const std::size_t comma = std::min(body_.find(',', pos), body_.size());
            auto spec = parse_varspec(pos, comma, error);
            if (!spec) return std::nullopt;
            expression.variables.push_back(std::move(*spec));
            if (comma == body_.size()) break;
            pos = comma + 1;
        }
        return expression;
    }

  private:
    std::optional<VarSpec> parse_varspec(std::size_t begin, std::size_t end, std::string& error) {
        std::size_t pos = begin;
        while (pos < end) {
            if (is_varchar(body_[pos])) {
                ++pos;
            } else if (is_percent_triplet(body_.substr(0, end), pos)) {
                pos += 3;
            } else if (body_[pos] == '.' && pos != begin && body_[pos - 1] != '.') {
                ++pos;
            } else {
                break;
            }
        }
        if (pos == begin) return fail(error, pos, "missing or bad variable name");
        if (body_[pos - 1] == '.')
            return fail(error, pos - 1, "'.' not between two name characters");

        VarSpec spec{std::string(body_.substr(begin, pos - begin))};
        if (pos == end) return spec;
        if (body_[pos] == '*' && pos + 1 == end) {
            spec.explode = true;
            return spec;
        }
        if (body_[pos] == ':') return parse_prefix(std::move(spec), pos + 1, end, error);
        return fail(error, pos, "unexpected " + describe(body_[pos]) + " in variable");
    }

    std::optional<VarSpec> parse_prefix(VarSpec spec, std::size_t begin, std::size_t end,
                                        std::string& error) {
        const std::string_view digits = body_.substr(begin, end - begin);
        std::size_t length = 0;
        const auto [rest, code] =
            std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (code == std::errc::result_out_of_range ||
            (code == std::errc() && rest == digits.data() + digits.size() &&
             length > kMaxPrefixLength)) {
            return fail(error, begin, "prefix length exceeds 9999");
        }
        if (code != std::errc() || rest != digits.data() + digits.size() || digits[0] == '0') {
            return fail(error, begin, "prefix length must be a number from 1 to 9999");
        }
        spec.max_length = length;
        return spec;
    }

    std::nullopt_t fail(std::string& error, std::size_t pos, const std::string& reason) const {
        error = reason + " at offset " + std::to_string(offset_ + pos);
        return std::nullopt;
    }

    std::string_view body_;
    std::size_t offset_;
};

}  // namespace

std::optional<UriTemplate> UriTemplate::parse(std::string_view text, std::string* error) {
    std::string reason;
    const auto fail = [&](std::string message) -> std::optional<UriTemplate> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };

    UriTemplate result;
    result.text_ = std::string(text);
    std::string literal;
    const auto flush_literal = [&] {
        if (literal.empty()) return;
        std::string encoded;
        append_percent_encoded(encoded, literal, true);
        result.parts_.emplace_back(std::move(encoded));
        literal.clear();
    };

    std::size_t pos = 0;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '{') {
            const std::size_t close = text.find_first_of("{}", pos + 1);
            if (close == std::string_view::npos || text[close] == '{') {
                return fail("unclosed expression starting at offset " + std::to_string(pos));
            }
            auto expression =
                ExpressionParser(text.substr(pos + 1, close - pos - 1), pos + 1).parse(reason);
            if (!expression) return fail(std::move(reason));
            flush_literal();
            for (const VarSpec& spec : expression->variables) {
                auto& names = result.variable_names_;
                if (std::find(names.begin(), names.end(), spec.name) == names.end()) {
                    names.push_back(spec.name);
                } else {
                    result.repeats_a_variable_ = true;
                }
            }
            result.parts_.emplace_back(std::move(*expression));
            pos = close + 1;
        } else if (c == '}') {
            return fail("'}' without '{' at offset " + std::to_string(pos));
        } else if (c == '%') {
            if (!is_percent_triplet(text, pos)) {
                return fail("'%' not followed by two hex digits at offset " + std::to_string(pos));
            }
            literal += text.substr(pos, 3);
            pos += 3;
        } else if (!allowed_in_literal(c)) {
            return fail(describe(c) + " not allowed in a literal at offset " + std::to_string(pos));
        } else {
            literal += c;
            ++pos;
        }
    }
    flush_literal();
    return result;
}

}  // namespace plugboard::uri
