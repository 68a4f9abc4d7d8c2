// The fixture of every integration test: a temporary folder for config
// files, and the daemon under test started from one of them.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon_process.hpp"

namespace plugboard::integration {

// A config with just the bundled plugins.
inline constexpr std::string_view kBundledConfig = "plugins:\n${BUNDLED}";

class DaemonTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Writes `yaml` to `file_name` in the test's folder and returns its path.
    // Replaced first: ${PLUGINS} and ${TEST_PLUGINS} by the build's plugin
    // folders, ${BUNDLED} by plugin blocks (indented by two) that load echo,
    // greeting and calculator by path.
    std::filesystem::path write_config(std::string_view yaml,
                                       std::string_view file_name = "plugboard.yaml");
    // Starts `plugboard --config <file>` with `yaml` as the file; a daemon
    // started before is stopped first.
    DaemonProcess& start(std::string_view yaml);
    // start() and initialize.
    DaemonProcess& start_initialized(std::string_view yaml, bj::object capabilities = {},
                                     std::string_view revision = "2025-11-25");
    DaemonProcess& start_with_arguments(std::vector<std::string> arguments);

    std::filesystem::path folder_;
    std::unique_ptr<DaemonProcess> daemon_;
};

}  // namespace plugboard::integration
