// One loaded plugin: its descriptor, state and settings. Instances live as
// long as the daemon (the library is never unloaded), so pb_host handles
// stay valid for any thread that still holds one.
#pragma once

#include <plugboard/plugin.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "host/plugin_threads.hpp"

namespace plugboard::host {

class PluginHost;

class PluginInstance {
  public:
    PluginInstance(PluginHost& host, std::filesystem::path path, const pb_plugin& descriptor)
        : host_(host), path_(std::move(path)), descriptor_(descriptor), name_(descriptor.name) {}

    pb_host* handle() { return reinterpret_cast<pb_host*>(this); }
    static PluginInstance* from(pb_host* handle) {
        return reinterpret_cast<PluginInstance*>(handle);
    }

    PluginHost& host() const { return host_; }
    const std::string& name() const { return name_; }
    const std::filesystem::path& path() const { return path_; }
    const pb_plugin& descriptor() const { return descriptor_; }

    std::optional<std::string> name_space;
    std::chrono::milliseconds call_timeout{60000};
    std::optional<PluginThreads::Strand> strand;  // set for serialized plugins
    void* state = nullptr;
    bool initialized = false;  // items registered after init trigger list_changed
    std::atomic<std::size_t> calls_in_flight{0};

  private:
    PluginHost& host_;
    const std::filesystem::path path_;
    const pb_plugin& descriptor_;
    const std::string name_;
};

}  // namespace plugboard::host
