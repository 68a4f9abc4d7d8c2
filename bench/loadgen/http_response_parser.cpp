#include "http_response_parser.hpp"

#include <algorithm>
#include <charconv>

namespace plugboard::bench {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::size_t kMaxLineBytes = 4096;

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// A comma-separated header value such as Connection or Transfer-Encoding lists `token`.
bool lists_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        const auto comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        if (iequals(item, token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

HttpResponseParser::Progress HttpResponseParser::feed(std::string_view bytes, Sink& sink) {
    std::size_t at = 0;
    while (at < bytes.size()) {
        switch (state_) {
            case State::head: {
                const auto end = bytes.find("\r\n\r\n", at);
                if (end == std::string_view::npos) {
                    const bool too_long = bytes.size() - at > kMaxHeadBytes;
                    return {at, too_long ? Outcome::malformed : Outcome::need_more};
                }
                if (!parse_head(bytes.substr(at, end - at))) return {at, Outcome::malformed};
                at = end + 4;
                if (informational_) break;
                sink.on_head(head_);
                if (state_ == State::head) return {at, Outcome::message_end};
                break;
            }
            case State::sized_body:
                if (take_body(bytes, at, sink)) {
                    state_ = State::head;
                    return {at, Outcome::message_end};
                }
                break;
            case State::chunk_size: {
                const auto end = bytes.find("\r\n", at);
                if (end == std::string_view::npos) {
                    const bool too_long = bytes.size() - at > kMaxLineBytes;
                    return {at, too_long ? Outcome::malformed : Outcome::need_more};
                }
                const auto line = bytes.substr(at, end - at);
                const auto [digits_end, error] =
                    std::from_chars(line.data(), line.data() + line.size(), remaining_, 16);
                if (error != std::errc() || digits_end == line.data())
                    return {at, Outcome::malformed};
                at = end + 2;
                state_ = remaining_ == 0 ? State::trailers : State::chunk_data;
                break;
            }
            case State::chunk_data:
                if (take_body(bytes, at, sink)) state_ = State::chunk_end;
                break;
            case State::chunk_end:
                if (bytes.size() - at < 2) return {at, Outcome::need_more};
                if (bytes.substr(at, 2) != "\r\n") return {at, Outcome::malformed};
                at += 2;
                state_ = State::chunk_size;
                break;
            case State::trailers: {
                const auto end = bytes.find("\r\n", at);
                if (end == std::string_view::npos) {
                    const bool too_long = bytes.size() - at > kMaxLineBytes;
                    return {at, too_long ? Outcome::malformed : Outcome::need_more};
                }
                const bool last = end == at;
                at = end + 2;
                if (last) {
                    state_ = State::head;
                    return {at, Outcome::message_end};
                }
                break;
            }
            case State::until_close:
                sink.on_body(bytes.substr(at));
                at = bytes.size();
                break;
        }
    }
    return {at, Outcome::need_more};
}

bool HttpResponseParser::take_body(std::string_view bytes, std::size_t& at, Sink& sink) {
    const auto count =
        static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size() - at));
    if (count > 0) sink.on_body(bytes.substr(at, count));
    at += count;
    remaining_ -= count;
    return remaining_ == 0;
}

bool HttpResponseParser::parse_head(std::string_view head) {
    auto line_end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, line_end);
    // "HTTP/1.x 200 ..."
    if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.") || status_line[8] != ' ') {
        return false;
    }
    int status = 0;
    const auto [status_end, error] =
        std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
    if (error != std::errc() || status_end != status_line.data() + 12) return false;

    head_.status = status;
    head_.event_stream = false;
    head_.keep_alive = status_line[7] != '0';
    head_.session_id.clear();
    bool chunked = false;
    bool has_length = false;
    std::uint64_t length = 0;
    while (line_end != std::string_view::npos) {
        const auto start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string_view line = head.substr(
            start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return false;
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "content-length")) {
            const auto [end, parse_error] =
                std::from_chars(value.data(), value.data() + value.size(), length);
            if (parse_error != std::errc() || end != value.data() + value.size()) return false;
            has_length = true;
        } else if (iequals(name, "transfer-encoding")) {
            chunked = lists_token(value, "chunked");
        } else if (iequals(name, "content-type")) {
            head_.event_stream = istarts_with(value, "text/event-stream");
        } else if (iequals(name, "mcp-session-id")) {
            head_.session_id.assign(value);
        } else if (iequals(name, "connection")) {
            if (lists_token(value, "close")) head_.keep_alive = false;
            if (lists_token(value, "keep-alive")) head_.keep_alive = true;
        }
    }

    informational_ = status >= 100 && status < 200;
    if (informational_ || status == 204 || status == 304) {
        state_ = State::head;
    } else if (chunked) {
        state_ = State::chunk_size;
    } else if (has_length) {
        remaining_ = length;
        state_ = length == 0 ? State::head : State::sized_body;
    } else {
        head_.keep_alive = false;
        state_ = State::until_close;
    }
    return true;
}

}  // namespace plugboard::bench
