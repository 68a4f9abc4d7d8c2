#pragma once

#include <string>
#include <string_view>

namespace plugboard::bench {

// Splits a text/event-stream body into events and hands on each event's data (the data lines
// joined with newlines). Events without data, such as a priming event, are skipped, as are
// comments and the other fields.
class SseDecoder {
  public:
    template <class OnData>
    void feed(std::string_view bytes, OnData&& on_data) {
        while (!bytes.empty()) {
            const auto newline = bytes.find('\n');
            if (newline == std::string_view::npos) {
                partial_line_.append(bytes);
                return;
            }
            const std::string_view piece = bytes.substr(0, newline);
            bytes.remove_prefix(newline + 1);
            if (partial_line_.empty()) {
                take_line(piece, on_data);
            } else {
                partial_line_.append(piece);
                take_line(partial_line_, on_data);
                partial_line_.clear();
            }
        }
    }

    void reset() {
        partial_line_.clear();
        data_.clear();
        has_data_ = false;
    }

  private:
    template <class OnData>
    void take_line(std::string_view line, OnData& on_data) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) {
            if (!data_.empty()) on_data(std::string_view(data_));
            data_.clear();
            has_data_ = false;
            return;
        }
        const auto colon = line.find(':');
        if (line.substr(0, colon) != "data") return;
        std::string_view value =
            colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        if (value.starts_with(' ')) value.remove_prefix(1);
        if (has_data_) data_ += '\n';
        data_ += value;
        has_data_ = true;
    }

    std::string partial_line_;
    std::string data_;
    bool has_data_ = false;
};

}  // namespace plugboard::bench
