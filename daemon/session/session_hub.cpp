#include "session/session_hub.hpp"

#include <algorithm>

namespace plugboard::session {

void SessionHub::add(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mutex_);
    // An expired entry still pins its session's memory (make_shared), so
    // they are swept out, but only when the list has doubled: sweeping on
    // every add made opening a session cost O(sessions).
    if (sessions_.size() >= sweep_at_) {
        std::erase_if(sessions_, [](const std::weak_ptr<Session>& weak) { return weak.expired(); });
        sweep_at_ = std::max<std::size_t>(kMinSweep, 2 * sessions_.size());
    }
    sessions_.push_back(session);
}

std::vector<std::shared_ptr<Session>> SessionHub::live() {
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [](const std::weak_ptr<Session>& weak) { return weak.expired(); });
    std::vector<std::shared_ptr<Session>> result;
    for (const auto& weak : sessions_) {
        if (auto session = weak.lock()) result.push_back(std::move(session));
    }
    return result;
}

void SessionHub::list_changed(registry::ItemKind kind) {
    for (auto& session : live())
        session->notify_list_changed(kind);
}

void SessionHub::resource_updated(const std::string& uri) {
    for (auto& session : live())
        session->notify_resource_updated(uri);
}

}  // namespace plugboard::session
