#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace plugboard::bench {

// A kB figure such as "VmRSS" or "VmHWM" from /proc/PID/status; nullopt when the process or
// the field is gone.
std::optional<std::int64_t> read_status_kb(pid_t pid, std::string_view field);

}  // namespace plugboard::bench
