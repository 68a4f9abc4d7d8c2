#include "http_request_writer.hpp"

#include <charconv>

namespace plugboard::bench {

HttpRequestWriter::HttpRequestWriter(const HttpUrl& url, std::string_view protocol_version) {
    const std::string host_line = "Host: " + url.host_header + "\r\n";
    post_head_ = "POST " + url.path + " HTTP/1.1\r\n" + host_line +
                 "Content-Type: application/json\r\n"
                 "Accept: application/json, text/event-stream\r\n";
    delete_head_ = "DELETE " + url.path + " HTTP/1.1\r\n" + host_line;
    protocol_version_line_ = "MCP-Protocol-Version: " + std::string(protocol_version) + "\r\n";
}

void HttpRequestWriter::append_post(std::string& out, std::string_view json,
                                    std::string_view session_id, bool with_protocol_version) const {
    out += post_head_;
    if (with_protocol_version) out += protocol_version_line_;
    if (!session_id.empty()) {
        out += "Mcp-Session-Id: ";
        out += session_id;
        out += "\r\n";
    }
    out += "Content-Length: ";
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, json.size()).ptr);
    out += "\r\n\r\n";
    out += json;
}

void HttpRequestWriter::append_delete(std::string& out, std::string_view session_id) const {
    out += delete_head_;
    out += protocol_version_line_;
    out += "Mcp-Session-Id: ";
    out += session_id;
    out += "\r\n\r\n";
}

}  // namespace plugboard::bench
