// Opaque pagination cursors: the key of the last item on the previous page,
// base64url-encoded so clients treat it as a token. Keys are unique and the
// order is by key, so a cursor stays meaningful when items come and go.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace plugboard::registry {

std::string encode_cursor(std::string_view last_key);
std::optional<std::string> decode_cursor(std::string_view cursor);

}  // namespace plugboard::registry
