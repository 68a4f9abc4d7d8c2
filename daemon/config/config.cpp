#include "config/config.hpp"

#include <algorithm>

namespace plugboard::config {

std::string ConfigError::to_string() const {
    std::string text = file;
    if (line > 0) {
        text += ':' + std::to_string(line);
        if (column > 0) text += ':' + std::to_string(column);
    }
    text += ": ";
    text += message;
    return text;
}

Config built_in_defaults() {
    return Config{};
}

const PluginSettings* find_plugin(const Config& config, std::string_view name) {
    const auto found = std::ranges::find(config.plugins, name, &PluginSettings::name);
    return found == config.plugins.end() ? nullptr : &*found;
}

}  // namespace plugboard::config
