#include "plugin_probe.hpp"

#include <boost/json.hpp>
#include <stdexcept>
#include <thread>

#include "host/plugin_host.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;

PluginProbe& probe_of(void* user_data) {
    return *static_cast<PluginProbe*>(user_data);
}

void complete(pb_call* call, std::int32_t status, const std::string& json) {
    host_api().complete(call, status, json.data(), json.size());
}

// The span as JSON, or null when the host left it out.
bj::value raw_or_null(const char* data, std::size_t size) {
    return data ? bj::parse(std::string_view(data, size)) : bj::value(nullptr);
}

std::string text_result(std::string_view text) {
    return bj::serialize(
        bj::object{{"content", bj::array{bj::object{{"type", "text"}, {"text", text}}}}});
}

void record_cancel(void* user_data, pb_call*) {
    ++probe_of(user_data).cancel_notices;
}

void record_sampling_answer(void* user_data, std::int32_t status, const char* json,
                            std::size_t size) {
    auto* context = static_cast<PluginProbe::AskContext*>(user_data);
    std::string payload = json ? std::string(json, size) : std::string();
    context->probe->record_answer(status, payload);
    complete(context->call, PB_OK, text_result(std::to_string(status) + " " + payload));
}

}  // namespace

std::optional<PluginProbe::Deferred> PluginProbe::next_deferred(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, limit, [&] { return !deferred_.empty(); })) return std::nullopt;
    Deferred next = std::move(deferred_.front());
    deferred_.pop_front();
    return next;
}

std::size_t PluginProbe::complete_deferred(std::int32_t status) {
    std::deque<Deferred> calls;
    {
        std::lock_guard lock(mutex_);
        calls.swap(deferred_);
    }
    const std::string payload = status == PB_OK ? R"({"content":[]})" : "completed by the test";
    for (const auto& deferred : calls)
        complete(deferred.call, status, payload);
    return calls.size();
}

std::vector<PluginProbe::Answer> PluginProbe::answers() const {
    std::lock_guard lock(mutex_);
    return answers_;
}

bool PluginProbe::wait_for_answers(std::size_t count, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return answers_.size() >= count; });
}

void PluginProbe::keep(Deferred deferred) {
    {
        std::lock_guard lock(mutex_);
        deferred_.push_back(std::move(deferred));
    }
    changed_.notify_all();
}

void PluginProbe::record_answer(std::int32_t status, std::string json) {
    {
        std::lock_guard lock(mutex_);
        answers_.push_back({status, std::move(json)});
    }
    changed_.notify_all();
}

PluginProbe::AskContext* PluginProbe::new_ask_context(pb_call* call) {
    std::lock_guard lock(mutex_);
    return &ask_contexts_.emplace_back(AskContext{this, call});
}

std::vector<std::string> PluginProbe::serial_runs() const {
    std::lock_guard lock(mutex_);
    return serial_runs_;
}

void PluginProbe::record_serial_run(std::string arguments) {
    std::lock_guard lock(mutex_);
    serial_runs_.push_back(std::move(arguments));
}

const pb_host_api& host_api() {
    return host::PluginHost::api();
}

void echo_handler(void* user_data, pb_call* call, const pb_request* request) {
    bj::object echo;
    echo["kind"] = request->item_kind;
    echo["method"] = request->method;
    echo["params"] = raw_or_null(request->params_json, request->params_len);
    echo["arguments"] = raw_or_null(request->arguments_json, request->arguments_len);
    echo["uri"] = request->uri
                      ? bj::value(bj::string(std::string_view(request->uri, request->uri_len)))
                      : bj::value(nullptr);
    echo["variables"] = raw_or_null(request->variables_json, request->variables_len);
    complete(call, PB_OK, bj::serialize(bj::object{{"content", bj::array{}}, {"echo", echo}}));
    ++probe_of(user_data).handler_runs;
}

void canned_result_handler(void* user_data, pb_call* call, const pb_request*) {
    PluginProbe& probe = probe_of(user_data);
    complete(call, PB_OK, probe.canned_result);
    ++probe.handler_runs;
}

void deferring_handler(void* user_data, pb_call* call, const pb_request* request) {
    PluginProbe& probe = probe_of(user_data);
    host_api().on_cancel(call, record_cancel, &probe);
    std::string arguments = request->arguments_json
                                ? std::string(request->arguments_json, request->arguments_len)
                                : std::string();
    probe.keep({call, std::move(arguments)});
    ++probe.handler_runs;
}

void completes_twice_handler(void* user_data, pb_call* call, const pb_request*) {
    complete(call, PB_OK, R"({"content":[],"first":true})");
    complete(call, PB_OK, R"({"content":[],"second":true})");
    ++probe_of(user_data).handler_runs;
}

void malformed_result_handler(void* user_data, pb_call* call, const pb_request*) {
    complete(call, PB_OK, R"({"content":[)");
    ++probe_of(user_data).handler_runs;
}

void progress_handler(void* user_data, pb_call* call, const pb_request*) {
    host_api().progress(call, 1, 10, "one");
    host_api().progress(call, 1, 10, "the same again");
    host_api().progress(call, 0.5, 10, "backwards");
    host_api().progress(call, 2.5, -1, nullptr);
    complete(call, PB_OK, text_result("done"));
    ++probe_of(user_data).handler_runs;
}

void logging_handler(void* user_data, pb_call* call, const pb_request*) {
    const std::string debug = R"("debug line")", warning = R"({"k":1})", error = R"("error line")";
    host_api().call_log(call, PB_LOG_DEBUG, "probe", debug.data(), debug.size());
    host_api().call_log(call, PB_LOG_WARNING, nullptr, warning.data(), warning.size());
    host_api().call_log(call, PB_LOG_ERROR, "probe", error.data(), error.size());
    complete(call, PB_OK, text_result("logged"));
    ++probe_of(user_data).handler_runs;
}

void throwing_handler(void* user_data, pb_call*, const pb_request*) {
    ++probe_of(user_data).handler_runs;
    throw std::runtime_error("the plugin broke");
}

void serial_handler(void* user_data, pb_call* call, const pb_request* request) {
    PluginProbe& probe = probe_of(user_data);
    const int now = ++probe.running;
    for (int most = probe.most_running.load(); now > most;) {
        if (probe.most_running.compare_exchange_weak(most, now)) break;
    }
    probe.record_serial_run(std::string(request->arguments_json, request->arguments_len));
    // Long enough for a second pool thread to start another run, if allowed.
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    --probe.running;
    complete(call, PB_OK, R"({"content":[]})");
    ++probe.handler_runs;
}

void sampling_handler(void* user_data, pb_call* call, const pb_request*) {
    PluginProbe& probe = probe_of(user_data);
    const std::string params = R"({"messages":[],"maxTokens":5})";
    host_api().ask_client(call, PB_ASK_SAMPLING, params.data(), params.size(),
                          record_sampling_answer, probe.new_ask_context(call));
    ++probe.handler_runs;
}

}  // namespace plugboard::core_test
