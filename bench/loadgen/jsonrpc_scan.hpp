#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace plugboard::bench {

// What the load generator needs from one JSON-RPC message, found by one pass over the text
// without building a document.
struct ScannedMessage {
    // other: a request or notification from the server, not an answer.
    enum class Kind { malformed, response, other };
    Kind kind = Kind::malformed;
    // Only non-negative integer ids: the only kind we send.
    std::optional<std::uint64_t> id;
    // An "error" member, or a result with "isError": true.
    bool failed = false;
};

ScannedMessage scan_jsonrpc_message(std::string_view text);

}  // namespace plugboard::bench
