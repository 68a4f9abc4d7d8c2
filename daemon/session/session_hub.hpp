// The live sessions, so plugin events (list changes, resource updates) reach
// every client that should hear of them.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "registry/registry.hpp"
#include "session/session.hpp"

namespace plugboard::session {

class SessionHub {
  public:
    void add(const std::shared_ptr<Session>& session);
    // [any-thread]
    void list_changed(registry::ItemKind kind);
    void resource_updated(const std::string& uri);

  private:
    std::vector<std::shared_ptr<Session>> live();

    static constexpr std::size_t kMinSweep = 64;

    std::mutex mutex_;
    std::vector<std::weak_ptr<Session>> sessions_;
    std::size_t sweep_at_ = kMinSweep;  // sweep expired entries at this size
};

}  // namespace plugboard::session
