#pragma once

#include "options.hpp"

namespace plugboard::bench {

// The stdio mode: K tools/call requests kept in flight over a child's stdin and stdout.
// Returns the exit status; throws std::runtime_error when the server cannot be started or
// initialized.
int run_stdio(const StdioOptions& options);

}  // namespace plugboard::bench
