#include "test_plugin.hpp"

#include <utility>

namespace cxxapi_test {
namespace {

TestSetup& current_setup() {
    static TestSetup setup;
    return setup;
}

void run_current_setup(plugboard::Plugin& plugin, const nlohmann::json& config) {
    current_setup()(plugin, config);
}

}  // namespace

void set_current_setup(TestSetup setup) {
    current_setup() = std::move(setup);
}

PLUGBOARD_DEFINE_ENTRY(test_plugin_entry, "test_plugin", "0.0.1", "Built by each test",
                       PB_PLUGIN_FLAG_NONE, run_current_setup)

}  // namespace cxxapi_test
