// Tools that take time and report on the way: log messages, progress and a
// call long enough for the daemon to close and resume its SSE stream.
#include <array>
#include <chrono>
#include <cstddef>
#include <string>

#include "items.hpp"

namespace plugboard::conformance {
namespace {

using namespace std::chrono_literals;

// The suite expects about 50 ms between notifications.
constexpr auto kPace = 50ms;

Json tool(const char* name, const char* description) {
    return {{"name", name},
            {"description", description},
            {"inputSchema", {{"type", "object"}, {"properties", Json::object()}}}};
}

// False, after completing the call as cancelled, once the client gave up.
bool still_wanted(Context& context, pb_call* call) {
    if (context.api->is_cancelled(call) == 0) return true;
    fail(context, call, PB_ERR_CANCELLED, "cancelled");
    return false;
}

constexpr std::array kLogMessages = {"Tool execution started", "Tool processing data",
                                     "Tool execution completed"};

void log_step(Context& context, pb_call* call, std::size_t step) {
    if (!still_wanted(context, call)) return;
    const std::string data = Json(kLogMessages[step]).dump();
    context.api->call_log(call, PB_LOG_INFO, "conformance", data.data(), data.size());
    if (step + 1 == kLogMessages.size()) {
        complete(context, call, text_result("Tool with logging executed successfully"));
        return;
    }
    context.scheduler.after(kPace, [&context, call, step] {
        guard_call(context, call, [&] { log_step(context, call, step + 1); });
    });
}

void with_logging(Context& context, pb_call* call, const pb_request&) {
    log_step(context, call, 0);
}

constexpr double kProgressTotal = 100;
constexpr std::array kProgressSteps = {0.0, 50.0, 100.0};

void progress_step(Context& context, pb_call* call, std::size_t step) {
    if (!still_wanted(context, call)) return;
    const double progress = kProgressSteps[step];
    const std::string message = "Completed step " + std::to_string(static_cast<int>(progress)) +
                                " of " + std::to_string(static_cast<int>(kProgressTotal));
    // The host drops these when the request carried no progressToken.
    context.api->progress(call, progress, kProgressTotal, message.c_str());
    if (step + 1 == kProgressSteps.size()) {
        complete(context, call, text_result("Tool with progress executed successfully"));
        return;
    }
    context.scheduler.after(kPace, [&context, call, step] {
        guard_call(context, call, [&] { progress_step(context, call, step + 1); });
    });
}

void with_progress(Context& context, pb_call* call, const pb_request&) {
    progress_step(context, call, 0);
}

void reconnection(Context& context, pb_call* call, const pb_request&) {
    context.scheduler.after(context.settings.reconnection_delay, [&context, call] {
        guard_call(context, call, [&] {
            if (!still_wanted(context, call)) return;
            complete(context, call,
                     text_result("Reconnection test completed successfully. If you received "
                                 "this, the client properly reconnected after stream closure."));
        });
    });
}

}  // namespace

std::vector<ItemSpec> timed_tools() {
    return {
        {PB_ITEM_TOOL,
         tool("test_tool_with_logging",
              "Sends three info log messages, 50 ms apart, while it runs."),
         guarded<with_logging>},
        {PB_ITEM_TOOL,
         tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100, 50 ms apart."),
         guarded<with_progress>},
        {PB_ITEM_TOOL,
         tool("test_reconnection",
              "Takes long enough for the server to close the SSE stream mid-call; the result "
              "arrives after the client reconnects (SEP-1699)."),
         guarded<reconnection>},
    };
}

}  // namespace plugboard::conformance
