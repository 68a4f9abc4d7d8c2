#include "line_reader.hpp"

#include <unistd.h>

#include <cstring>

namespace plugboard::bench {

LineReader::LineReader(std::size_t capacity) : buffer_(capacity) {}

ssize_t LineReader::read_from(int fd) {
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        scanned_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    const ssize_t got = ::read(fd, buffer_.data() + end_, buffer_.size() - end_);
    if (got > 0) end_ += static_cast<std::size_t>(got);
    return got;
}

std::optional<std::string_view> LineReader::next_line() {
    const void* newline = std::memchr(buffer_.data() + scanned_, '\n', end_ - scanned_);
    if (newline == nullptr) {
        scanned_ = end_;
        return std::nullopt;
    }
    const auto line_end =
        static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
    std::string_view line(buffer_.data() + begin_, line_end - begin_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    begin_ = scanned_ = line_end + 1;
    return line;
}

}  // namespace plugboard::bench
