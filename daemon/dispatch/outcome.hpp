// The answer to one request: a result object or a JSON-RPC error.
#pragma once

#include <string>

namespace plugboard::dispatch {

struct Outcome {
    std::string result;  // JSON object, when code == 0
    int code = 0;
    std::string message;
    std::string data;         // optional JSON for error.data
    bool suppressed = false;  // cancelled by the client: send nothing

    bool ok() const { return code == 0 && !suppressed; }
    static Outcome success(std::string result) { return {std::move(result), 0, {}, {}, false}; }
    static Outcome failure(int code, std::string message, std::string data = {}) {
        return {{}, code, std::move(message), std::move(data), false};
    }
    static Outcome none() { return {{}, 0, {}, {}, true}; }
};

}  // namespace plugboard::dispatch
