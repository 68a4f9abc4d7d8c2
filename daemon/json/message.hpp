// Splits one transport frame into JSON-RPC messages: one simdjson DOM pass
// validates it, and `id`, `params`, `result` and `error` stay raw spans into
// the frame.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace plugboard::json {

enum class MessageKind { Request, Notification, Response };

// Views into the frame's text; valid while the frame's buffer lives.
struct Message {
    MessageKind kind = MessageKind::Request;
    std::string_view method;  // unescaped; valid as long as params_dom
    std::string_view id;      // raw JSON (1 or "abc"); empty for notifications
    std::string id_key;       // canonical_id() of the id, for matching
    std::string_view params;  // raw JSON object; empty when absent
    std::string_view result;  // responses only
    std::string_view error;   // responses only
    // The same params, already parsed; valid until the parser's next frame.
    // Default-constructed (unusable) when params is empty.
    simdjson::dom::element params_dom;
};

// A member of the frame that is not a valid message. It is answered with an
// error unless it was clearly a notification or response.
struct InvalidMessage {
    std::string id = "null";  // raw JSON id if one could be read
    int code = 0;
    std::string message;
    bool answer = true;  // false for a broken notification: those get no reply
};

using Entry = std::variant<Message, InvalidMessage>;

struct Frame {
    bool is_batch = false;
    bool parse_error = false;  // not JSON at all: answer -32700 with id null
    std::string parse_error_detail;
    std::vector<Entry> entries;
};

// One per thread: the parsers keep their buffers between frames.
class FrameParser {
  public:
    // `text` must outlive the returned Frame's views; the Frame, the DOM
    // elements and `method` stay valid until the next call.
    const Frame& parse(std::string_view text);

  private:
    Entry parse_message(simdjson::dom::element value, std::string_view text);

    simdjson::dom::parser parser_;
    Frame frame_;  // reused: its entries keep their capacity between frames
};

// The same key for every spelling of an id ("a" and "\u0061", 7 and 7):
// cancellations and responses name ids in their own spelling.
std::string canonical_id(simdjson::dom::element id);

// Strips the white space simdjson leaves after a value.
std::string_view trim_token(std::string_view token);

}  // namespace plugboard::json
