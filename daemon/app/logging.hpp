// The daemon's own log: always stderr (never stdout, which carries protocol
// frames in stdio mode); under systemd, stderr goes to the journal.
#pragma once

#include <string>

#include "config/config.hpp"

namespace plugboard::app {

// Returns an error message for an unknown level, "" on success.
std::string configure_logging(const config::LoggingSettings& settings);

}  // namespace plugboard::app
