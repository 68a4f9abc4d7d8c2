// plugboard/plugin.hpp — the header-only C++ layer over the plugin C ABI.
//
// Compiled into the plugin (needs nlohmann-json; link plugboard::plugin_cpp):
//
//     #include <plugboard/plugin.hpp>
//
//     static void setup(plugboard::Plugin& plugin, const nlohmann::json& config) {
//         plugin.tool("add", "Adds two numbers", [](double a, double b) { return a + b; },
//                     {{"a", "First addend"}, {"b", "Second addend"}});
//     }
//     PLUGBOARD_PLUGIN("calculator", "1.0.0", "Arithmetic tools", setup)
//
// See ABI.md for the contract underneath and testing/fake_host.hpp for unit
// tests without the daemon.
#pragma once

#include <plugboard/plugin.h>
#include <plugboard/cpp/call.hpp>
#include <plugboard/cpp/content.hpp>
#include <plugboard/cpp/entry.hpp>
#include <plugboard/cpp/plugin.hpp>
#include <plugboard/cpp/schema.hpp>
#include <plugboard/cpp/status.hpp>
#include <plugboard/cpp/tool.hpp>
