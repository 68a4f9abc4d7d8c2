// What the HTTP session and session table tests share: protocol sessions
// served by a SessionHarness's dispatcher, JSON-RPC bodies, and the
// messages a stream holds.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "session_harness.hpp"
#include "transport/http/event_stream.hpp"
#include "transport/http/http_session.hpp"

namespace plugboard::http_test {

// Makes protocol sessions that use the harness's dispatcher and plugin.
transport::http::HttpSession::ProtocolFactory protocol_factory(core_test::SessionHarness& harness);

std::string request_body(std::string_view id, std::string_view method,
                         std::string_view params = "{}");
std::string notification_body(std::string_view method, std::string_view params = "{}");
std::string initialize_body(std::string_view revision = "2025-11-25",
                            std::string_view capabilities = "{}");

// Every event the stream still holds, parsed.
std::vector<boost::json::value> messages(const transport::http::EventStream& stream);

}  // namespace plugboard::http_test
