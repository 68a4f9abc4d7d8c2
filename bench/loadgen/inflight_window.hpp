#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "latency_recorder.hpp"

namespace plugboard::bench {

// Send times of the requests in flight, by id. Ids are handed out in increasing order, so the
// calls in flight lie between the oldest unanswered id and the next one: a ring indexed by id
// finds them without hashing or allocating per call. It grows when one call stays
// unanswered while later ones go through.
class InflightWindow {
  public:
    explicit InflightWindow(std::uint64_t first_id);

    // Returns the id of the new request.
    std::uint64_t add(Clock::time_point sent_at);
    // The send time of request `id`, which then leaves the window; nullopt for an id that is
    // not in flight (unknown, or answered before).
    std::optional<Clock::time_point> take(std::uint64_t id);
    std::size_t in_flight() const { return in_flight_; }

  private:
    struct Slot {
        Clock::time_point sent_at;
        bool waiting = false;
    };
    Slot& slot(std::uint64_t id) { return slots_[id & (slots_.size() - 1)]; }
    void grow();

    std::vector<Slot> slots_;
    std::uint64_t oldest_;
    std::uint64_t next_;
    std::size_t in_flight_ = 0;
};

}  // namespace plugboard::bench
