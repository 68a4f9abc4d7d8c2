// A plugin entry whose setup runs whatever the current test gives it, so
// every test builds its own plugin and drives it through the fake host.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <plugboard/plugin.hpp>
#include <plugboard/testing/fake_host.hpp>

#include <functional>
#include <stdexcept>
#include <string_view>

namespace cxxapi_test {

using TestSetup = std::function<void(plugboard::Plugin&, const nlohmann::json& config)>;

// Runs the setup last given to PluginTest::load.
const pb_plugin* test_plugin_entry(std::uint16_t host_abi_major,
                                   std::uint16_t host_abi_minor) noexcept;
void set_current_setup(TestSetup setup);

class PluginTest : public ::testing::Test {
  protected:
    plugboard::testing::LoadResult load(TestSetup setup, std::string_view config = "{}") {
        set_current_setup(std::move(setup));
        return host.load(&test_plugin_entry, config);
    }

    // Loads a plugin and hands its Plugin out for runtime registration.
    plugboard::Plugin& load_plugin() {
        plugboard::Plugin* loaded = nullptr;
        const auto result =
            load([&](plugboard::Plugin& plugin, const nlohmann::json&) { loaded = &plugin; });
        if (!result.ok() || loaded == nullptr) {
            throw std::runtime_error("the test plugin did not load: " + result.error);
        }
        return *loaded;
    }

    void TearDown() override {
        host.unload();
        EXPECT_THAT(host.violations(), ::testing::IsEmpty());
    }

    plugboard::testing::FakeHost host;
};

}  // namespace cxxapi_test
