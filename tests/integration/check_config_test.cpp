// `plugboard check-config FILE`, and the daemon refusing a bad config.
#include <sstream>

#include "daemon_test.hpp"

namespace plugboard::integration {
namespace {

class CheckConfigTest : public DaemonTest {
  protected:
    DaemonProcess& check(const std::filesystem::path& file) {
        daemon_ = std::make_unique<DaemonProcess>(
            std::vector<std::string>{"check-config", file.string()}, StdoutKind::Text);
        return *daemon_;
    }
};

// True if a line of `log` starts with "<file>:<line>:<column>:".
bool names_a_position(const std::string& log, const std::string& file) {
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with(file + ":")) continue;
        std::istringstream position(line.substr(file.size() + 1));
        int row = 0, column = 0;
        char between = 0, after = 0;
        if (position >> row >> between >> column >> after && between == ':' && after == ':' &&
            row > 0 && column > 0) {
            return true;
        }
    }
    return false;
}

constexpr std::string_view kBadConfig = "plugin_dir: []\nlimits:\n  page_size: 5000\n";

TEST_F(CheckConfigTest, ABadFileFailsWithFileLineAndColumn) {
    const auto file = write_config(kBadConfig, "bad.yaml");
    auto& process = check(file);
    EXPECT_EQ(process.wait_exit(), 1);
    process.read_remaining_lines();
    EXPECT_TRUE(process.wait_stderr(file.string() + ":1:1: unknown key 'plugin_dir'"))
        << process.stderr_text();
    EXPECT_TRUE(process.wait_stderr(file.string() + ":3:14: limits.page_size"))
        << process.stderr_text();
}

TEST_F(CheckConfigTest, ASyntaxErrorFailsWithItsPosition) {
    const auto file = write_config("limits:\n  page_size: [1\n", "broken.yaml");
    auto& process = check(file);
    EXPECT_EQ(process.wait_exit(), 1);
    process.read_remaining_lines();
    EXPECT_TRUE(process.wait_stderr("\n")) << process.stderr_text();
    EXPECT_TRUE(names_a_position(process.stderr_text(), file.string())) << process.stderr_text();
}

TEST_F(CheckConfigTest, AGoodFilePasses) {
    auto& process = check(write_config(kBundledConfig, "good.yaml"));
    EXPECT_EQ(process.wait_exit(), 0) << process.stderr_text();
    process.read_remaining_lines();
    EXPECT_EQ(process.stderr_text(), "");
}

TEST_F(CheckConfigTest, TheDaemonRefusesToStartOnABadFile) {
    auto& daemon = start(kBadConfig);
    EXPECT_EQ(daemon.wait_exit(), 1);
    EXPECT_TRUE(daemon.read_remaining_lines().empty());
    EXPECT_TRUE(daemon.wait_stderr(":1:1: unknown key 'plugin_dir'")) << daemon.stderr_text();
}

}  // namespace
}  // namespace plugboard::integration
