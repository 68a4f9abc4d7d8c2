#include "json/value_spans.hpp"

#include <array>
#include <cstring>

namespace plugboard::json {
namespace {

// simdjson saturates a container's stored count at 0xFFFFFF; 0 = unknown.
std::size_t known_count(std::size_t count) {
    constexpr std::size_t kSaturated = 0xFFFFFF;
    return count >= kSaturated ? 0 : count;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char* skip_space(const char* p, const char* end) {
    while (p < end && is_space(*p))
        ++p;
    return p;
}

// `p` is at an opening quote; returns the position after the closing one:
// the first quote not escaped by an odd run of backslashes.
const char* skip_string(const char* p, const char* end) {
    const char* from = p + 1;
    for (;;) {
        const auto* quote = static_cast<const char*>(std::memchr(from, '"', end - from));
        if (quote == nullptr) return end;
        const char* run = quote;
        while (run > from && run[-1] == '\\')
            --run;
        if ((quote - run) % 2 == 0) return quote + 1;
        from = quote + 1;
    }
}

// The characters that matter inside a container: quotes and brackets.
constexpr std::array<bool, 256> kContainerSyntax = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {'"', '{', '}', '[', ']'})
        table[c] = true;
    return table;
}();

const char* skip_value(const char* p, const char* end) {
    if (p >= end) return end;
    if (*p == '"') return skip_string(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            while (p < end && !kContainerSyntax[static_cast<unsigned char>(*p)])
                ++p;
            if (p == end) break;
            switch (*p) {
                case '"':
                    p = skip_string(p, end);
                    continue;
                case '{':
                case '[':
                    ++depth;
                    break;
                case '}':
                case ']':
                    if (--depth == 0) return p + 1;
                    break;
                default:
                    break;
            }
            ++p;
        }
        return end;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && !is_space(*p))
        ++p;  // a number, true, false or null
    return p;
}

}  // namespace

ValueSpans::ValueSpans(std::string_view container_text)
    : position_(container_text.data()), end_(container_text.data() + container_text.size()) {
    position_ = skip_space(position_, end_);
    while (end_ > position_ && is_space(end_[-1]))
        --end_;
    if (position_ < end_) members_ = *position_++ == '{';
}

ValueSpans::ValueSpans(std::string_view container_text, simdjson::dom::object object)
    : ValueSpans(container_text) {
    values_left_ = known_count(object.size());
}

ValueSpans::ValueSpans(std::string_view container_text, simdjson::dom::array array)
    : ValueSpans(container_text) {
    values_left_ = known_count(array.size());
}

std::string_view ValueSpans::next_value() {
    const char* p = skip_space(position_, end_);
    if (p >= end_ || *p == '}' || *p == ']') return {};
    if (members_) {
        p = skip_space(skip_string(p, end_), end_);  // the name
        p = skip_space(p + 1, end_);                 // ':'
    }
    if (values_left_ > 0 && --values_left_ == 0) {
        // The last value: it ends before the white space and closing bracket.
        const char* value_end = end_ - 1;
        while (value_end > p && is_space(value_end[-1]))
            --value_end;
        position_ = end_ - 1;
        return {p, static_cast<std::size_t>(value_end - p)};
    }
    const char* value_end = skip_value(p, end_);
    position_ = skip_space(value_end, end_);
    if (position_ < end_ && *position_ == ',') ++position_;
    return {p, static_cast<std::size_t>(value_end - p)};
}

std::optional<std::string_view> member_text(std::string_view object_text,
                                            simdjson::dom::object object, std::string_view key) {
    ValueSpans spans(object_text, object);
    for (auto member : object) {
        const std::string_view value = spans.next_value();
        if (member.key == key) return value;
    }
    return std::nullopt;
}

}  // namespace plugboard::json
