#pragma once

#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/mark.h>

#include "config/config.hpp"

namespace plugboard::config::detail {

// Collects the errors of one configuration text so that all of them are reported at once.
class Diagnostics {
  public:
    explicit Diagnostics(std::string file) : file_(std::move(file)) {}

    // `mark` is yaml-cpp's 0-based position; a null mark means "position unknown".
    void report(const YAML::Mark& mark, std::string message);
    void report(int line, int column, std::string message);

    bool empty() const { return errors_.empty(); }

    // The errors in file order.
    std::vector<ConfigError> take();

  private:
    std::string file_;
    std::vector<ConfigError> errors_;
};

}  // namespace plugboard::config::detail
