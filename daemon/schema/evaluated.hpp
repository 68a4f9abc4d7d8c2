// Which members (by position) or items of one instance some keyword has evaluated: the
// annotations that unevaluatedProperties and unevaluatedItems look at.
#pragma once

#include <cstddef>
#include <vector>

namespace plugboard::schema::detail {

class Evaluated {
  public:
    void mark(std::size_t index) {
        if (all_) return;
        if (index >= marked_.size()) marked_.resize(index + 1, false);
        marked_[index] = true;
    }
    void mark_first(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i)
            mark(i);
    }
    void mark_all() noexcept { all_ = true; }
    bool contains(std::size_t index) const noexcept {
        return all_ || (index < marked_.size() && marked_[index]);
    }
    void merge(const Evaluated& other) {
        if (other.all_) all_ = true;
        if (all_) return;
        if (other.marked_.size() > marked_.size()) marked_.resize(other.marked_.size(), false);
        for (std::size_t i = 0; i < other.marked_.size(); ++i) {
            if (other.marked_[i]) marked_[i] = true;
        }
    }

  private:
    bool all_ = false;
    std::vector<bool> marked_;
};

}  // namespace plugboard::schema::detail
