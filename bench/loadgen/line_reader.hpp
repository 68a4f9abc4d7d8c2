#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace plugboard::bench {

// Newline-delimited frames from a non-blocking fd, read in big chunks.
class LineReader {
  public:
    explicit LineReader(std::size_t capacity = std::size_t{1} << 18);

    // One read(): bytes read, 0 at end of file, -1 with errno set (EAGAIN when nothing is there).
    ssize_t read_from(int fd);
    // The next complete line without its line ending; valid until the next read_from.
    std::optional<std::string_view> next_line();

  private:
    std::vector<char> buffer_;
    std::size_t begin_ = 0;
    std::size_t scanned_ = 0;
    std::size_t end_ = 0;
};

}  // namespace plugboard::bench
