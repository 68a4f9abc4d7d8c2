// Rewrites content blocks that an older revision does not know, so its
// clients (which validate content types strictly) still get a usable answer:
// audio (2025-03-26+) and resource_link (2025-06-18+) become text blocks.
#pragma once

#include <string>

#include "protocol/revision.hpp"

namespace plugboard::protocol {

// `result` is a CallToolResult or GetPromptResult. Returns it unchanged
// (without parsing) when the revision knows every block type it may hold.
std::string adapt_content(Revision revision, std::string result);

}  // namespace plugboard::protocol
