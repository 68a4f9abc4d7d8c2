#pragma once

#include "options.hpp"

namespace plugboard::bench {

// The startup mode: time from spawning the server to its initialize answer, and its idle RSS.
// Returns the exit status; throws std::runtime_error when a run cannot start or initialize.
int run_startup(const StartupOptions& options);

}  // namespace plugboard::bench
