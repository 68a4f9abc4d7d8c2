#pragma once

#include <string>
#include <string_view>

#include "http_target.hpp"

namespace plugboard::bench {

// Hand-written HTTP/1.1 request bytes for the MCP endpoint; the fixed header lines are
// formatted once.
class HttpRequestWriter {
  public:
    HttpRequestWriter(const HttpUrl& url, std::string_view protocol_version);

    // A POST of one JSON-RPC message. No session header when session_id is empty; the
    // protocol version header goes on everything but initialize.
    void append_post(std::string& out, std::string_view json, std::string_view session_id,
                     bool with_protocol_version) const;
    void append_delete(std::string& out, std::string_view session_id) const;

  private:
    std::string post_head_;
    std::string delete_head_;
    std::string protocol_version_line_;
};

}  // namespace plugboard::bench
