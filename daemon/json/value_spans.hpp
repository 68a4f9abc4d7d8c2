// Where values lie in JSON text that simdjson has already validated. The DOM
// knows values but not their text, and handing params or arguments on as
// the client wrote them is cheaper (and truer) than writing them out again.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string_view>

namespace plugboard::json {

// Walks the values of one object's members, or of one array's elements, in
// text order, in step with iterating the same container's DOM.
// `container_text` must be exactly a validated object or array.
class ValueSpans {
  public:
    explicit ValueSpans(std::string_view container_text);
    // The same, told the container's DOM: its last value (often params or
    // arguments, the largest) then ends where the container does and is
    // not walked.
    ValueSpans(std::string_view container_text, simdjson::dom::object object);
    ValueSpans(std::string_view container_text, simdjson::dom::array array);
    // The text of the next value; empty after the last.
    std::string_view next_value();

  private:
    const char* position_;
    const char* end_;              // just past the closing bracket
    bool members_ = false;         // an object: each value follows a name and ':'
    std::size_t values_left_ = 0;  // 0: unknown, walk every value
};

// The text of member `key` of `object` (the first, if repeated), where
// `object_text` is the text `object` was parsed from.
std::optional<std::string_view> member_text(std::string_view object_text,
                                            simdjson::dom::object object, std::string_view key);

}  // namespace plugboard::json
