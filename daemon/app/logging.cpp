#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "json/json_writer.hpp"

namespace plugboard::app {
namespace {

// %j: the message as a JSON string, for one-object-per-line logs.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& message, const std::tm&,
                spdlog::memory_buf_t& destination) override {
        std::string quoted;
        json::append_string(quoted,
                            std::string_view(message.payload.data(), message.payload.size()));
        destination.append(quoted.data(), quoted.data() + quoted.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonMessageFlag>();
    }
};

}  // namespace

std::string configure_logging(const config::LoggingSettings& settings) {
    const auto level = spdlog::level::from_str(settings.level);
    if (level == spdlog::level::off && settings.level != "off") {
        return "unknown log level \"" + settings.level + "\"";
    }
    auto logger = std::make_shared<spdlog::logger>(
        "plugboard", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    if (settings.format == config::LogFormat::Json) {
        formatter->add_flag<JsonMessageFlag>('j').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","message":%j})");
    } else {
        formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
    }
    logger->set_formatter(std::move(formatter));
    logger->set_level(level);
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
    return {};
}

}  // namespace plugboard::app
