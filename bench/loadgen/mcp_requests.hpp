#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace plugboard::bench {

// What every mode calls, from the command line.
struct CallSpec {
    std::string tool = "echo";
    std::string message = "hello";
    std::string protocol_version = "2025-11-25";
};

// JSON-RPC request bodies, formatted once so that per call only the id is written.
class McpRequests {
  public:
    explicit McpRequests(const CallSpec& spec);

    void append_initialize(std::string& out, std::uint64_t id) const;
    void append_tool_call(std::string& out, std::uint64_t id) const;
    void append_ping(std::string& out, std::uint64_t id) const;

    static constexpr std::string_view kInitialized =
        R"({"jsonrpc":"2.0","method":"notifications/initialized"})";

  private:
    static void append_request(std::string& out, std::uint64_t id, std::string_view after_id);

    std::string initialize_after_id_;
    std::string tool_call_after_id_;
};

}  // namespace plugboard::bench
