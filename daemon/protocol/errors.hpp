// JSON-RPC and MCP error codes the daemon sends.
#pragma once

namespace plugboard::protocol {

inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
// Resource not found, revisions 2024-11-05 to 2025-11-25.
inline constexpr int kResourceNotFound = -32002;

}  // namespace plugboard::protocol
