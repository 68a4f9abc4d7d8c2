// The parts of JSON-RPC responses and MCP results that tests look at. Each
// accessor throws, quoting the whole message, when the part is missing, so a
// wrong answer fails the test with a readable reason.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace plugboard::integration {

namespace bj = boost::json;

const bj::object& result_of(const bj::object& response);
const bj::object& error_of(const bj::object& response);
std::int64_t error_code(const bj::object& response);
std::string error_message(const bj::object& response);

// The text of a CallToolResult's first content block.
std::string first_text(const bj::object& call_result);
// isError of a CallToolResult (absent means false).
bool is_tool_error(const bj::object& call_result);

// The `key` member of every object in `items` (tool names, URIs, ...).
std::set<std::string> members(const bj::array& items, std::string_view key = "name");

// tools/call params.
bj::object tool_call(std::string_view name, bj::object arguments = {});

}  // namespace plugboard::integration
