// What a running call may send to the client that made it. The session
// implements this; calls hold it weakly so a closed session simply drops
// their messages.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace plugboard::host {

// status is a PB_* code; payload is the result JSON (PB_OK) or a message.
using AnswerFn = std::function<void(std::int32_t status, std::string payload)>;

class ClientChannel {
  public:
    virtual ~ClientChannel() = default;
    // All [any-thread]. `call_id` names the call the message is about, so a
    // transport can send it on that request's stream.
    virtual void send_progress(std::uint64_t call_id, const std::string& token_json,
                               double progress, double total, const char* message) = 0;
    virtual void send_log(std::uint64_t call_id, std::int32_t level, const char* logger,
                          std::string_view data_json) = 0;
    // Sends a server-to-client request tied to call `call_id`; `answer` runs
    // exactly once.
    virtual void ask_client(std::uint64_t call_id, std::int32_t what, std::string params_json,
                            AnswerFn answer) = 0;
};

}  // namespace plugboard::host
