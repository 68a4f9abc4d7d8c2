#pragma once

#include "options.hpp"

namespace plugboard::bench {

// The http mode: C keep-alive connections with one tools/call in flight each, spread over T
// event-loop threads. Returns the exit status; throws std::runtime_error when the server
// cannot be reached or a session handshake fails.
int run_http(const HttpOptions& options);

}  // namespace plugboard::bench
