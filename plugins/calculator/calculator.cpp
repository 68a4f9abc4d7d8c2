// The calculator plugin: arithmetic, a BMI tool with structured output, and
// a long cancellable task that shows progress reporting.
#include <plugboard/plugin.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

constexpr int kMaxSteps = 1000;
constexpr int kMaxStepMs = 60000;

plugboard::ToolResult body_mass_index(double weight_kg, double height_m) {
    // Negated so that NaN is refused too.
    if (!(height_m > 0)) throw std::invalid_argument("height_m must be greater than 0");
    if (!(weight_kg > 0)) throw std::invalid_argument("weight_kg must be greater than 0");
    const double bmi = std::round(weight_kg / (height_m * height_m) * 10) / 10;
    // WHO adult categories.
    const char* category = bmi < 18.5 ? "underweight"
                           : bmi < 25 ? "normal"
                           : bmi < 30 ? "overweight"
                                      : "obese";
    char text[64];
    std::snprintf(text, sizeof text, "BMI %.1f (%s)", bmi, category);
    plugboard::ToolResult result = plugboard::ToolResult::text(text);
    result.structured_content = {{"bmi", bmi}, {"category", category}};
    return result;
}

// Runs on the host's pool: each step sleeps, waking at once on cancellation.
void long_task(plugboard::Call call, int steps, int step_ms) {
    // The daemon checks these against the schema; the fake host does not.
    if (steps < 1 || steps > kMaxSteps) {
        call.complete(plugboard::ToolResult::error("steps must be between 1 and 1000"));
        return;
    }
    if (step_ms < 0 || step_ms > kMaxStepMs) {
        call.complete(plugboard::ToolResult::error("step_ms must be between 0 and 60000"));
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    for (int step = 1; step <= steps; ++step) {
        if (call.wait_cancelled(std::chrono::milliseconds(step_ms))) {
            call.fail(plugboard::Status::cancelled, "long_task cancelled");
            return;
        }
        call.progress(step, steps, "step " + std::to_string(step) + " of " + std::to_string(steps));
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    plugboard::ToolResult result =
        plugboard::ToolResult::text("Completed " + std::to_string(steps) + " steps in " +
                                    std::to_string(elapsed.count()) + " ms");
    result.structured_content = {{"steps", steps}, {"elapsed_ms", elapsed.count()}};
    call.complete(result);
}

void setup(plugboard::Plugin& plugin, const nlohmann::json& /*config*/) {
    plugin.tool("add", "Adds two numbers", [](double a, double b) { return a + b; },
                {{"a", "First addend"}, {"b", "Second addend"}},
                {{"annotations", {{"readOnlyHint", true}}}});

    plugin.tool(
        "bmi", "Computes the body mass index, rounded to one decimal, and its category",
        body_mass_index,
        {{"weight_kg", "Body weight in kilograms", {{"exclusiveMinimum", 0}}},
         {"height_m", "Height in metres", {{"exclusiveMinimum", 0}}}},
        {{"annotations", {{"readOnlyHint", true}}},
         {"outputSchema",
          {{"type", "object"},
           {"properties",
            {{"bmi", {{"type", "number"}}},
             {"category",
              {{"type", "string"}, {"enum", {"underweight", "normal", "overweight", "obese"}}}}}},
           {"required", {"bmi", "category"}}}}});

    plugin.tool("long_task",
                "Runs a number of timed steps, reporting progress after each; cancellable",
                long_task,
                {{"steps", "Number of steps", {{"minimum", 1}, {"maximum", kMaxSteps}}},
                 {"step_ms",
                  "Duration of each step in milliseconds",
                  {{"minimum", 0}, {"maximum", kMaxStepMs}}}});
}

}  // namespace

PLUGBOARD_PLUGIN("calculator", "1.0.0", "Arithmetic, body mass index and a cancellable long task",
                 setup)
