#include "protocol/revision.hpp"

#include <array>

namespace plugboard::protocol {
namespace {

constexpr std::array kRevisions = {Revision::V2024_11_05, Revision::V2025_03_26,
                                   Revision::V2025_06_18, Revision::V2025_11_25};

}  // namespace

std::string_view to_string(Revision revision) {
    switch (revision) {
        case Revision::V2024_11_05:
            return "2024-11-05";
        case Revision::V2025_03_26:
            return "2025-03-26";
        case Revision::V2025_06_18:
            return "2025-06-18";
        case Revision::V2025_11_25:
            return "2025-11-25";
    }
    return "2025-11-25";
}

std::optional<Revision> parse_revision(std::string_view text) {
    for (Revision revision : kRevisions) {
        if (to_string(revision) == text) return revision;
    }
    return std::nullopt;
}

std::span<const Revision> supported_revisions() {
    return kRevisions;
}

Revision negotiate(std::string_view requested) {
    return parse_revision(requested).value_or(kLatestRevision);
}

bool allows_batches(Revision revision) {
    return revision <= Revision::V2025_03_26;
}
bool has_structured_tool_output(Revision revision) {
    return revision >= Revision::V2025_06_18;
}
bool has_audio_content(Revision revision) {
    return revision >= Revision::V2025_03_26;
}

}  // namespace plugboard::protocol
