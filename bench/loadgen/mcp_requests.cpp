#include "mcp_requests.hpp"

#include "json/json_writer.hpp"

#include <charconv>

namespace plugboard::bench {

McpRequests::McpRequests(const CallSpec& spec) {
    initialize_after_id_ = R"(,"method":"initialize","params":{"protocolVersion":)";
    json::append_string(initialize_after_id_, spec.protocol_version);
    initialize_after_id_ +=
        R"(,"capabilities":{},"clientInfo":{"name":"plugboard-bench","version":"1.0.0"}}})";

    tool_call_after_id_ = R"(,"method":"tools/call","params":{"name":)";
    json::append_string(tool_call_after_id_, spec.tool);
    tool_call_after_id_ += R"(,"arguments":{"message":)";
    json::append_string(tool_call_after_id_, spec.message);
    tool_call_after_id_ += "}}}";
}

void McpRequests::append_initialize(std::string& out, std::uint64_t id) const {
    append_request(out, id, initialize_after_id_);
}

void McpRequests::append_tool_call(std::string& out, std::uint64_t id) const {
    append_request(out, id, tool_call_after_id_);
}

void McpRequests::append_ping(std::string& out, std::uint64_t id) const {
    append_request(out, id, R"(,"method":"ping"})");
}

void McpRequests::append_request(std::string& out, std::uint64_t id, std::string_view after_id) {
    out += R"({"jsonrpc":"2.0","id":)";
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
    out.append(digits, end);
    out += after_id;
}

}  // namespace plugboard::bench
