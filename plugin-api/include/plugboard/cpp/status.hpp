// Status codes, log levels and the exceptions a plugin may throw.
#pragma once

#include <plugboard/plugin.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace plugboard {

enum class Status : std::int32_t {
    ok = PB_OK,
    invalid_params = PB_ERR_INVALID_PARAMS,
    not_found = PB_ERR_NOT_FOUND,
    internal = PB_ERR_INTERNAL,
    cancelled = PB_ERR_CANCELLED,
    unsupported = PB_ERR_UNSUPPORTED,
    timeout = PB_ERR_TIMEOUT,
    bad_argument = PB_ERR_BAD_ARGUMENT,
};

enum class LogLevel : std::int32_t {
    debug = PB_LOG_DEBUG,
    info = PB_LOG_INFO,
    notice = PB_LOG_NOTICE,
    warning = PB_LOG_WARNING,
    error = PB_LOG_ERROR,
    critical = PB_LOG_CRITICAL,
    alert = PB_LOG_ALERT,
    emergency = PB_LOG_EMERGENCY,
};

// Thrown by a handler to answer with a JSON-RPC error instead of a result.
// Any other exception from a tool becomes a tool result with isError.
class ProtocolError : public std::runtime_error {
  public:
    ProtocolError(Status status, const std::string& message)
        : std::runtime_error(message), status_(status == Status::ok ? Status::internal : status) {}
    Status status() const noexcept { return status_; }

  private:
    Status status_;
};

// Thrown when the host refuses an item: a malformed definition or a taken key.
class RegistrationError : public std::runtime_error {
  public:
    RegistrationError(Status status, const std::string& message)
        : std::runtime_error(message), status_(status) {}
    Status status() const noexcept { return status_; }

  private:
    Status status_;
};

}  // namespace plugboard
