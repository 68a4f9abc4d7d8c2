#include "daemon_test.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace plugboard::integration {
namespace {

// By path, so that a plugin added to the bundle later does not change what
// these tests see.
constexpr std::string_view kBundledPlugins =
    "  echo: {path: ${PLUGINS}/echo.so}\n"
    "  greeting: {path: ${PLUGINS}/greeting.so}\n"
    "  calculator: {path: ${PLUGINS}/calculator.so}\n";

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

}  // namespace

void DaemonTest::SetUp() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "plugboard-integration-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    folder_ = pattern;
}

void DaemonTest::TearDown() {
    daemon_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
}

std::filesystem::path DaemonTest::write_config(std::string_view yaml, std::string_view file_name) {
    std::string text(yaml);
    replace_all(text, "${BUNDLED}", kBundledPlugins);
    replace_all(text, "${PLUGINS}", PLUGBOARD_PLUGIN_DIR);
    replace_all(text, "${TEST_PLUGINS}", PLUGBOARD_TEST_PLUGIN_DIR);
    const auto path = folder_ / file_name;
    std::ofstream(path) << text;
    return path;
}

DaemonProcess& DaemonTest::start_with_arguments(std::vector<std::string> arguments) {
    daemon_.reset();
    daemon_ = std::make_unique<DaemonProcess>(std::move(arguments));
    return *daemon_;
}

DaemonProcess& DaemonTest::start(std::string_view yaml) {
    return start_with_arguments({"--config", write_config(yaml).string()});
}

DaemonProcess& DaemonTest::start_initialized(std::string_view yaml, bj::object capabilities,
                                             std::string_view revision) {
    DaemonProcess& daemon = start(yaml);
    daemon.initialize(revision, std::move(capabilities));
    return daemon;
}

}  // namespace plugboard::integration
