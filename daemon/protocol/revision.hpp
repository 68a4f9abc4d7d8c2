// The stateful protocol revisions the daemon speaks, and what differs
// between them. Everything revision-specific is decided here.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace plugboard::protocol {

enum class Revision { V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25 };

inline constexpr Revision kLatestRevision = Revision::V2025_11_25;

std::string_view to_string(Revision revision);
std::optional<Revision> parse_revision(std::string_view text);
std::span<const Revision> supported_revisions();

// initialize: the client's version if we speak it, else our latest.
Revision negotiate(std::string_view requested);

// JSON-RPC batches: allowed by 2024-11-05 (JSON-RPC 2.0) and required by
// 2025-03-26; removed in 2025-06-18.
bool allows_batches(Revision revision);
// Tool outputSchema/structuredContent, `title` fields, resource links.
bool has_structured_tool_output(Revision revision);
// Audio content and the completions capability arrived in 2025-03-26.
bool has_audio_content(Revision revision);

}  // namespace plugboard::protocol
