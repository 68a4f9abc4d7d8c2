// Several tests make plugins misbehave on purpose; the daemon's warnings
// about that would bury GoogleTest's own output.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

namespace {

class QuietLogs : public ::testing::Environment {
  public:
    void SetUp() override { spdlog::set_level(spdlog::level::off); }
};

const auto* const kQuietLogs = ::testing::AddGlobalTestEnvironment(new QuietLogs);

}  // namespace
