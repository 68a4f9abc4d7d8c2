#include "schema/uri_reference.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <charconv>

namespace plugboard::schema::detail {
namespace {

struct UriComponents {
    std::optional<std::string_view> scheme;
    std::optional<std::string_view> authority;
    std::string_view path;
    std::optional<std::string_view> query;
    std::optional<std::string_view> fragment;
};

bool is_scheme_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

UriComponents parse_uri(std::string_view uri) {
    UriComponents parts;
    if (const auto colon = uri.find(':'); colon != std::string_view::npos && colon > 0) {
        const auto scheme = uri.substr(0, colon);
        const bool letter_first =
            (scheme[0] >= 'a' && scheme[0] <= 'z') || (scheme[0] >= 'A' && scheme[0] <= 'Z');
        if (letter_first && std::all_of(scheme.begin(), scheme.end(), is_scheme_char)) {
            parts.scheme = scheme;
            uri.remove_prefix(colon + 1);
        }
    }
    if (const auto hash = uri.find('#'); hash != std::string_view::npos) {
        parts.fragment = uri.substr(hash + 1);
        uri = uri.substr(0, hash);
    }
    if (const auto question = uri.find('?'); question != std::string_view::npos) {
        parts.query = uri.substr(question + 1);
        uri = uri.substr(0, question);
    }
    if (uri.starts_with("//")) {
        const auto slash = uri.find('/', 2);
        parts.authority =
            uri.substr(2, slash == std::string_view::npos ? uri.size() - 2 : slash - 2);
        uri = slash == std::string_view::npos ? std::string_view{} : uri.substr(slash);
    }
    parts.path = uri;
    return parts;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string_view input) {
    std::string output;
    while (!input.empty()) {
        if (input.starts_with("../")) {
            input.remove_prefix(3);
        } else if (input.starts_with("./")) {
            input.remove_prefix(2);
        } else if (input.starts_with("/./")) {
            input.remove_prefix(2);
        } else if (input == "/.") {
            input = "/";
        } else if (input.starts_with("/../") || input == "/..") {
            input = input.size() == 3 ? std::string_view{"/"} : input.substr(3);
            const auto last = output.rfind('/');
            output.erase(last == std::string::npos ? 0 : last);
        } else if (input == "." || input == "..") {
            input = {};
        } else {
            const auto next = input.find('/', input[0] == '/' ? 1 : 0);
            const auto segment = input.substr(0, next);
            output.append(segment);
            input.remove_prefix(segment.size());
        }
    }
    return output;
}

std::string merge_paths(const UriComponents& base, std::string_view reference_path) {
    if (base.authority && base.path.empty()) return "/" + std::string(reference_path);
    const auto slash = base.path.rfind('/');
    if (slash == std::string_view::npos) return std::string(reference_path);
    return std::string(base.path.substr(0, slash + 1)) + std::string(reference_path);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string unescape_pointer_token(std::string_view token) {
    std::string result;
    result.reserve(token.size());
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() &&
            (token[i + 1] == '0' || token[i + 1] == '1')) {
            result.push_back(token[i + 1] == '0' ? '~' : '/');
            ++i;
        } else {
            result.push_back(token[i]);
        }
    }
    return result;
}

}  // namespace

std::string resolve_uri_reference(std::string_view base, std::string_view reference) {
    const UriComponents ref = parse_uri(reference);
    const UriComponents base_parts = parse_uri(base);
    std::optional<std::string_view> scheme;
    std::optional<std::string_view> authority;
    std::optional<std::string_view> query;
    std::string path;
    if (ref.scheme) {
        scheme = ref.scheme;
        authority = ref.authority;
        path = remove_dot_segments(ref.path);
        query = ref.query;
    } else {
        scheme = base_parts.scheme;
        if (ref.authority) {
            authority = ref.authority;
            path = remove_dot_segments(ref.path);
            query = ref.query;
        } else {
            authority = base_parts.authority;
            if (ref.path.empty()) {
                path = std::string(base_parts.path);
                query = ref.query ? ref.query : base_parts.query;
            } else {
                path = remove_dot_segments(ref.path.starts_with('/')
                                               ? std::string(ref.path)
                                               : merge_paths(base_parts, ref.path));
                query = ref.query;
            }
        }
    }

    std::string result;
    if (scheme) result.append(*scheme).push_back(':');
    if (authority) result.append("//").append(*authority);
    result.append(path);
    if (query) result.append("?").append(*query);
    if (ref.fragment) result.append("#").append(*ref.fragment);
    return result;
}

UriParts split_fragment(std::string_view uri) {
    const auto hash = uri.find('#');
    if (hash == std::string_view::npos) return {uri, {}, false};
    return {uri.substr(0, hash), uri.substr(hash + 1), true};
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            result.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        result.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return result;
}

const boost::json::value* find_json_pointer(const boost::json::value& document,
                                            std::string_view pointer) {
    const boost::json::value* current = &document;
    while (!pointer.empty()) {
        if (pointer[0] != '/') return nullptr;
        pointer.remove_prefix(1);
        const auto end = pointer.find('/');
        const std::string token = unescape_pointer_token(pointer.substr(0, end));
        pointer = end == std::string_view::npos ? std::string_view{} : pointer.substr(end);
        if (const auto* object = current->if_object()) {
            current = object->if_contains(token);
        } else if (const auto* array = current->if_array()) {
            std::size_t index = 0;
            const auto [rest, ec] =
                std::from_chars(token.data(), token.data() + token.size(), index);
            const bool canonical = !token.empty() && (token == "0" || token[0] != '0');
            if (ec != std::errc{} || rest != token.data() + token.size() || !canonical ||
                index >= array->size()) {
                return nullptr;
            }
            current = &(*array)[index];
        } else {
            return nullptr;
        }
        if (current == nullptr) return nullptr;
    }
    return current;
}

std::string escape_json_pointer_token(std::string_view token) {
    std::string result;
    result.reserve(token.size());
    for (const char c : token) {
        if (c == '~') {
            result.append("~0");
        } else if (c == '/') {
            result.append("~1");
        } else {
            result.push_back(c);
        }
    }
    return result;
}

}  // namespace plugboard::schema::detail
