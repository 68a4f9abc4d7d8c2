#pragma once

#include "options.hpp"

namespace plugboard::bench {

// The sessions mode: the server's memory per open session. Returns the exit status; throws
// std::runtime_error when the server cannot be reached or its memory cannot be read.
int run_sessions(const SessionsOptions& options);

}  // namespace plugboard::bench
