#pragma once

#include <cstdint>
#include <string_view>

namespace plugboard::bench {

// Judges one HTTP exchange that must answer the JSON-RPC request with a given id.
class AnswerCheck {
  public:
    void expect(std::uint64_t id);
    void on_status(int status) { status_ = status; }
    // True when `json` is the awaited answer. Server notifications and requests are ignored;
    // an unknown id or a malformed message spoils the exchange.
    bool on_message(std::string_view json);

    int status() const { return status_; }
    bool status_ok() const { return status_ >= 200 && status_ < 300; }
    bool answered() const { return answered_; }
    bool answered_ok() const { return status_ok() && answered_ && !spoiled_; }

  private:
    std::uint64_t id_ = 0;
    int status_ = 0;
    bool answered_ = false;
    bool spoiled_ = false;
};

}  // namespace plugboard::bench
