#pragma once

#include "child_process.hpp"
#include "line_reader.hpp"
#include "mcp_requests.hpp"

namespace plugboard::bench {

// Writes initialize (id 0) to the child and returns once its answer line has arrived, skipping
// whatever the server sends before it. Throws std::runtime_error when the server fails,
// refuses or takes more than 10 s.
void await_initialize(ChildProcess& child, LineReader& reader, const McpRequests& requests);

// Writes the notifications/initialized line. Throws std::runtime_error when the child is gone.
void send_initialized(ChildProcess& child);

}  // namespace plugboard::bench
