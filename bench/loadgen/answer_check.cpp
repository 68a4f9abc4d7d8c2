#include "answer_check.hpp"

#include "jsonrpc_scan.hpp"

namespace plugboard::bench {

void AnswerCheck::expect(std::uint64_t id) {
    id_ = id;
    status_ = 0;
    answered_ = false;
    spoiled_ = false;
}

bool AnswerCheck::on_message(std::string_view json) {
    const ScannedMessage message = scan_jsonrpc_message(json);
    if (message.kind == ScannedMessage::Kind::other) return false;
    if (message.kind == ScannedMessage::Kind::response && message.id == id_ && !answered_) {
        answered_ = true;
        spoiled_ = spoiled_ || message.failed;
        return true;
    }
    spoiled_ = true;
    return false;
}

}  // namespace plugboard::bench
