// plugboard/testing/fake_host.hpp — an in-process host for plugin unit tests.
//
//     plugboard::testing::FakeHost host;
//     ASSERT_TRUE(host.load(&plugboard_plugin_entry_v1, R"({"key":"value"})").ok());
//     auto result = host.call_tool("add", R"({"a":1,"b":2})");
//     EXPECT_EQ(result.status, PB_OK);
//     EXPECT_TRUE(host.violations().empty());
//
// It implements pb_host_api like the daemon does, runs every handler on a
// thread of its own (as the daemon's pool would), waits for the completion
// with a timeout, and records what the plugin registered, reported and
// logged. Contract breaches (a second completion, a call never completed, a
// result that is not a JSON object, progress after completion, ...) are
// recorded per call and in violations().
//
// Unlike the daemon it does not validate arguments against inputSchema, and
// it matches resource templates only by their exact template text: tests pass
// the variables themselves (read_template). Progress is always recorded, as
// if every request carried a progressToken.
//
// Depends only on the C header, the standard library and nlohmann-json.
#pragma once

#include <plugboard/plugin.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace plugboard::testing {

struct ProgressReport {
    double progress = 0;
    double total = -1;
    std::string message;
};

struct CallLogRecord {
    std::int32_t level = PB_LOG_INFO;
    std::string logger;
    nlohmann::json data;
};

struct HostLogRecord {
    std::int32_t level = PB_LOG_INFO;
    std::string message;
};

struct CallResult {
    bool completed = false;
    std::int32_t status = PB_ERR_INTERNAL;  // meaningful once completed
    nlohmann::json json;                    // PB_OK: the result object
    std::string message;                    // other statuses: the message
    std::vector<ProgressReport> progress;   // accepted reports, in order
    std::vector<CallLogRecord> logs;
    std::vector<std::string> failures;  // the plugin's contract breaches on this call
};

struct LoadResult {
    std::int32_t status = PB_ERR_INTERNAL;
    std::string error;
    bool ok() const { return status == PB_OK; }
};

// What the fake client answers to ask_client: a status and a JSON result
// (PB_OK) or a message.
struct ClientReply {
    std::int32_t status = PB_ERR_UNSUPPORTED;
    std::string payload;
};
using AskResponder = std::function<ClientReply(std::int32_t what, const nlohmann::json& params)>;

namespace detail {

inline void write_error(char* buffer, std::size_t capacity, std::string_view message) {
    if (buffer == nullptr || capacity == 0) return;
    const std::size_t length = std::min(capacity - 1, message.size());
    std::memcpy(buffer, message.data(), length);
    buffer[length] = '\0';
}

// What every call shares with the host: the breach list and the fake client.
struct Shared {
    std::mutex mutex;
    std::vector<std::string> violations;
    AskResponder responder;

    void violation(std::string what) {
        std::lock_guard lock(mutex);
        violations.push_back(std::move(what));
    }
};

// One request. The pb_request points into this object, so it never moves.
class FakeCall {
  public:
    FakeCall(std::shared_ptr<Shared> shared, std::string label, std::uint32_t kind,
             std::string method, std::string params, std::string arguments, std::string uri,
             std::string variables)
        : shared_(std::move(shared)),
          label_(std::move(label)),
          method_(std::move(method)),
          params_(std::move(params)),
          arguments_(std::move(arguments)),
          uri_(std::move(uri)),
          variables_(std::move(variables)) {
        auto span = [](const std::string& text, const char*& data, std::size_t& size) {
            data = text.empty() ? nullptr : text.data();
            size = text.size();
        };
        request_.struct_size = sizeof(pb_request);
        request_.item_kind = kind;
        request_.method = method_.c_str();
        span(params_, request_.params_json, request_.params_len);
        span(arguments_, request_.arguments_json, request_.arguments_len);
        span(uri_, request_.uri, request_.uri_len);
        span(variables_, request_.variables_json, request_.variables_len);
    }
    FakeCall(const FakeCall&) = delete;
    FakeCall& operator=(const FakeCall&) = delete;

    pb_call* handle() { return reinterpret_cast<pb_call*>(this); }
    static FakeCall& from(pb_call* handle) { return *reinterpret_cast<FakeCall*>(handle); }
    const pb_request* request() const { return &request_; }
    const std::string& label() const { return label_; }

    void complete(std::int32_t status, const char* json, std::size_t json_len) {
        std::unique_lock lock(mutex_);
        if (cancel_running_ && cancel_thread_ == std::this_thread::get_id()) {
            breach("completed from inside its cancel callback");
        } else {
            // The ABI promises the cancel callback has finished once complete() returns.
            changed_.wait(lock, [this] { return !cancel_running_; });
        }
        if (++completions_ > 1) {
            breach("completed more than once");
            return;
        }
        status_ = status;
        payload_.assign(json == nullptr ? "" : std::string_view(json, json_len));
        if (status < PB_OK || status > PB_ERR_BAD_ARGUMENT) {
            breach("completed with unknown status " + std::to_string(status));
        } else if (status == PB_OK) {
            auto parsed = nlohmann::json::parse(payload_, nullptr, false);
            if (parsed.is_discarded() || !parsed.is_object()) {
                breach("completed with a result that is not a JSON object: " + payload_);
            } else {
                result_ = std::move(parsed);
            }
        }
        changed_.notify_all();
    }

    // What the host does when the client cancels or the deadline passes.
    void cancel() {
        std::unique_lock lock(mutex_);
        if (completions_ > 0 || cancelled_) return;
        cancelled_ = true;
        fire_cancel(lock);
    }

    bool is_cancelled() {
        std::lock_guard lock(mutex_);
        return cancelled_ || completions_ > 0;
    }

    void set_cancel_callback(pb_cancel_fn fn, void* user_data) {
        std::unique_lock lock(mutex_);
        if (completions_ > 0) {
            breach("registered a cancel callback after completion");
            return;
        }
        cancel_fn_ = fn;
        cancel_user_data_ = user_data;
        if (cancelled_) fire_cancel(lock);
    }

    void progress(double progress, double total, const char* message) {
        std::lock_guard lock(mutex_);
        if (completions_ > 0) {
            breach("reported progress after completion");
            return;
        }
        // Like the daemon, drop reports that do not increase.
        if (!progress_.empty() && progress <= progress_.back().progress) return;
        progress_.push_back({progress, total, message == nullptr ? "" : message});
        changed_.notify_all();
    }

    void log(std::int32_t level, const char* logger, std::string_view data_json) {
        std::lock_guard lock(mutex_);
        if (completions_ > 0) {
            breach("logged after completion");
            return;
        }
        auto data = nlohmann::json::parse(data_json, nullptr, false);
        if (data.is_discarded()) {
            breach("logged data that is not JSON: " + std::string(data_json));
            return;
        }
        logs_.push_back({level, logger == nullptr ? "" : logger, std::move(data)});
    }

    void ask_client(std::int32_t what, std::string_view params_json, pb_answer_fn answer,
                    void* user_data) {
        auto reply = [&](std::int32_t status, std::string_view payload) {
            answer(user_data, status, payload.data(), payload.size());
        };
        {
            std::lock_guard lock(mutex_);
            if (completions_ > 0) {
                reply(PB_ERR_CANCELLED, "the call has ended");
                return;
            }
        }
        const auto params = nlohmann::json::parse(params_json, nullptr, false);
        if (params.is_discarded()) {
            std::lock_guard lock(mutex_);
            breach("asked the client with params that are not JSON");
        }
        AskResponder responder;
        {
            std::lock_guard lock(shared_->mutex);
            responder = shared_->responder;
        }
        const ClientReply response =
            responder ? responder(what, params)
                      : ClientReply{PB_ERR_UNSUPPORTED, "the fake client has no capabilities"};
        reply(response.status, response.payload);
    }

    bool wait_completed(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [this] { return completions_ > 0; });
    }

    bool wait_for_progress(std::size_t count, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return progress_.size() >= count; });
    }

    void report(std::string what) {
        std::lock_guard lock(mutex_);
        breach(std::move(what));
    }

    CallResult snapshot() const {
        std::lock_guard lock(mutex_);
        CallResult result;
        result.completed = completions_ > 0;
        result.status = status_;
        if (status_ == PB_OK) {
            result.json = result_;
        } else {
            result.message = payload_;
        }
        result.progress = progress_;
        result.logs = logs_;
        result.failures = failures_;
        return result;
    }

  private:
    void breach(std::string what) {
        shared_->violation(label_ + ": " + what);
        failures_.push_back(std::move(what));
    }

    // Runs the callback once, without the lock, so it may report progress.
    void fire_cancel(std::unique_lock<std::mutex>& lock) {
        if (cancel_fn_ == nullptr || cancel_fired_) return;
        cancel_fired_ = true;
        cancel_running_ = true;
        cancel_thread_ = std::this_thread::get_id();
        const pb_cancel_fn fn = cancel_fn_;
        void* const user_data = cancel_user_data_;
        lock.unlock();
        fn(user_data, handle());
        lock.lock();
        cancel_running_ = false;
        changed_.notify_all();
    }

    const std::shared_ptr<Shared> shared_;
    const std::string label_;
    const std::string method_, params_, arguments_, uri_, variables_;
    pb_request request_{};

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    int completions_ = 0;
    std::int32_t status_ = PB_ERR_INTERNAL;
    std::string payload_;
    nlohmann::json result_;
    std::vector<ProgressReport> progress_;
    std::vector<CallLogRecord> logs_;
    std::vector<std::string> failures_;
    bool cancelled_ = false;
    pb_cancel_fn cancel_fn_ = nullptr;
    void* cancel_user_data_ = nullptr;
    bool cancel_fired_ = false;
    bool cancel_running_ = false;
    std::thread::id cancel_thread_;
};

// The key an item is registered, looked up and unregistered by; "" if the
// definition lacks it.
inline std::string item_key(std::uint32_t kind, const nlohmann::json& definition) {
    auto string_at = [](const nlohmann::json& object, const char* key) {
        const auto found = object.find(key);
        return found != object.end() && found->is_string() ? found->get<std::string>()
                                                           : std::string{};
    };
    switch (kind) {
        case PB_ITEM_TOOL:
        case PB_ITEM_PROMPT:
            return string_at(definition, "name");
        case PB_ITEM_RESOURCE:
            return string_at(definition, "uri");
        case PB_ITEM_RESOURCE_TEMPLATE:
            return string_at(definition, "uriTemplate");
        default: {
            const auto ref = definition.find("ref");
            if (ref == definition.end() || !ref->is_object()) return {};
            const std::string type = string_at(*ref, "type");
            if (type == "ref/prompt") return string_at(*ref, "name");
            if (type == "ref/resource") return string_at(*ref, "uri");
            return {};
        }
    }
}

// Level-1 expansion only ({name}); enough to give a handler a plausible URI.
inline std::string expand_template(std::string_view uri_template, const nlohmann::json& variables) {
    std::string uri;
    std::size_t position = 0;
    while (position < uri_template.size()) {
        const std::size_t open = uri_template.find('{', position);
        const std::size_t close =
            open == std::string_view::npos ? open : uri_template.find('}', open);
        if (close == std::string_view::npos) {
            uri.append(uri_template.substr(position));
            break;
        }
        uri.append(uri_template.substr(position, open - position));
        const std::string name(uri_template.substr(open + 1, close - open - 1));
        if (variables.contains(name) && variables[name].is_string()) {
            uri += variables[name].get<std::string>();
        }
        position = close + 1;
    }
    return uri;
}

}  // namespace detail

// A call started with FakeHost::start_tool, still running or done.
class PendingCall {
  public:
    // Waits for the completion. If it does not come in time, that is recorded
    // as a failure and the call is cancelled, as the daemon's deadline would.
    CallResult wait(std::chrono::milliseconds timeout) const {
        if (!call_->wait_completed(timeout)) {
            call_->report("not completed within " + std::to_string(timeout.count()) + " ms");
            call_->cancel();
        }
        return call_->snapshot();
    }

    // True once `count` progress reports arrived (false at the timeout).
    bool wait_for_progress(std::size_t count, std::chrono::milliseconds timeout) const {
        return call_->wait_for_progress(count, timeout);
    }

  private:
    friend class FakeHost;
    explicit PendingCall(std::shared_ptr<detail::FakeCall> call) : call_(std::move(call)) {}
    std::shared_ptr<detail::FakeCall> call_;
};

class FakeHost {
  public:
    FakeHost() {
        api_.struct_size = sizeof(pb_host_api);
        api_.abi_major = PB_ABI_MAJOR;
        api_.abi_minor = PB_ABI_MINOR;
        api_.complete = [](pb_call* call, std::int32_t status, const char* json,
                           std::size_t len) noexcept {
            detail::FakeCall::from(call).complete(status, json, len);
        };
        api_.is_cancelled = [](pb_call* call) noexcept -> std::int32_t {
            return detail::FakeCall::from(call).is_cancelled() ? 1 : 0;
        };
        api_.on_cancel = [](pb_call* call, pb_cancel_fn fn, void* user_data) noexcept {
            detail::FakeCall::from(call).set_cancel_callback(fn, user_data);
        };
        api_.progress = [](pb_call* call, double progress, double total,
                           const char* message) noexcept {
            detail::FakeCall::from(call).progress(progress, total, message);
        };
        api_.call_log = [](pb_call* call, std::int32_t level, const char* logger, const char* data,
                           std::size_t len) noexcept {
            detail::FakeCall::from(call).log(level, logger,
                                             data == nullptr ? "" : std::string_view(data, len));
        };
        api_.log = [](pb_host* host, std::int32_t level, const char* message) noexcept {
            from(host).record_host_log(level, message);
        };
        api_.resource_updated = [](pb_host* host, const char* uri, std::size_t len) noexcept {
            from(host).record_resource_updated(
                std::string(uri == nullptr ? "" : std::string_view(uri, len)));
        };
        api_.register_item = [](pb_host* host, const pb_item* item, char* error_buf,
                                std::size_t error_cap) noexcept {
            return from(host).add_item(item, error_buf, error_cap);
        };
        api_.unregister_item = [](pb_host* host, std::uint32_t kind, const char* key,
                                  std::size_t len) noexcept {
            return from(host).remove_item(kind, key == nullptr ? "" : std::string_view(key, len));
        };
        api_.ask_client = [](pb_call* call, std::int32_t what, const char* params, std::size_t len,
                             pb_answer_fn answer, void* user_data) noexcept {
            detail::FakeCall::from(call).ask_client(
                what, params == nullptr ? "{}" : std::string_view(params, len), answer, user_data);
        };
    }
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    ~FakeHost() { unload(); }

    // Calls the entry with ABI 1.0, checks the descriptor and runs init.
    LoadResult load(pb_entry_fn entry, std::string_view config_json = "{}") {
        if (plugin_ != nullptr) throw std::logic_error("FakeHost: a plugin is already loaded");
        const pb_plugin* plugin = entry(PB_ABI_MAJOR, PB_ABI_MINOR);
        if (plugin == nullptr) return {PB_ERR_UNSUPPORTED, "the plugin refused host ABI 1.0"};
        if (const std::string problem = descriptor_problem(*plugin); !problem.empty()) {
            shared_->violation("descriptor: " + problem);
            return {PB_ERR_UNSUPPORTED, problem};
        }
        plugin_ = plugin;
        char error[1024] = {};
        const std::int32_t status = plugin->init(handle(), &api_, config_json.data(),
                                                 config_json.size(), &state_, error, sizeof error);
        if (status != PB_OK) {
            plugin_ = nullptr;
            std::lock_guard lock(mutex_);
            items_.clear();
            return {status, error};
        }
        std::lock_guard lock(mutex_);
        initialized_ = true;
        return {PB_OK, {}};
    }

    // Waits for running calls (recording those never completed), joins the
    // handler threads and calls shutdown. The destructor does this too.
    void unload() {
        for (const auto& call : calls()) {
            if (!call->wait_completed(timeout_)) {
                call->report("never completed");
                call->cancel();
            }
        }
        join_handlers();
        if (initialized_ && plugin_->shutdown != nullptr) plugin_->shutdown(state_);
        std::lock_guard lock(mutex_);
        initialized_ = false;
        plugin_ = nullptr;
        state_ = nullptr;
    }

    // How long the synchronous calls wait for a completion (default 5 s).
    void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

    // The fake client's answers to ask_client; by default it has no capabilities.
    void on_ask_client(AskResponder responder) {
        std::lock_guard lock(shared_->mutex);
        shared_->responder = std::move(responder);
    }

    // ---- Calls -------------------------------------------------------------

    PendingCall start_tool(std::string_view name, std::string_view arguments_json = "{}") {
        const auto arguments = parse_json(arguments_json, "arguments");
        const nlohmann::json params = {
            {"name", name}, {"arguments", arguments}, {"_meta", {{"progressToken", next_token()}}}};
        return start(PB_ITEM_TOOL, std::string(name), "tools/call", params.dump(), arguments.dump(),
                     {}, {});
    }

    CallResult call_tool(std::string_view name, std::string_view arguments_json = "{}") {
        return start_tool(name, arguments_json).wait(timeout_);
    }

    CallResult read_resource(std::string_view uri) {
        const nlohmann::json params = {{"uri", uri}};
        return start(PB_ITEM_RESOURCE, std::string(uri), "resources/read", params.dump(), {},
                     std::string(uri), {})
            .wait(timeout_);
    }

    // Serves resources/read through the template registered as `uri_template`
    // with the given variables; `uri` defaults to a level-1 expansion.
    CallResult read_template(std::string_view uri_template, std::string_view variables_json,
                             std::string uri = {}) {
        const auto variables = parse_json(variables_json, "variables");
        if (uri.empty()) uri = detail::expand_template(uri_template, variables);
        const nlohmann::json params = {{"uri", uri}};
        return start(PB_ITEM_RESOURCE_TEMPLATE, std::string(uri_template), "resources/read",
                     params.dump(), {}, uri, variables.dump())
            .wait(timeout_);
    }

    CallResult get_prompt(std::string_view name, std::string_view arguments_json = "{}") {
        const auto arguments = parse_json(arguments_json, "arguments");
        const nlohmann::json params = {{"name", name}, {"arguments", arguments}};
        return start(PB_ITEM_PROMPT, std::string(name), "prompts/get", params.dump(),
                     arguments.dump(), {}, {})
            .wait(timeout_);
    }

    // completion/complete: `ref_json` a PromptReference or
    // ResourceTemplateReference, `argument_json` {"name", "value"}.
    CallResult complete(std::string_view ref_json, std::string_view argument_json,
                        std::string_view context_arguments_json = {}) {
        const auto ref = parse_json(ref_json, "ref");
        const auto argument = parse_json(argument_json, "argument");
        nlohmann::json params = {{"ref", ref}, {"argument", argument}};
        if (!context_arguments_json.empty()) {
            params["context"] = {{"arguments", parse_json(context_arguments_json, "context")}};
        }
        return start(PB_ITEM_COMPLETION, detail::item_key(PB_ITEM_COMPLETION, {{"ref", ref}}),
                     "completion/complete", params.dump(), argument.dump(), {}, {})
            .wait(timeout_);
    }

    // The client cancels a running call.
    void cancel(const PendingCall& call) { call.call_->cancel(); }

    // ---- What the plugin did ---------------------------------------------------

    const pb_plugin* plugin() const { return plugin_; }

    // Definitions of one kind (PB_ITEM_*), in registration order.
    std::vector<nlohmann::json> definitions(std::uint32_t kind) const {
        std::lock_guard lock(mutex_);
        std::vector<nlohmann::json> found;
        for (const auto& item : items_) {
            if (item.kind == kind) found.push_back(item.definition);
        }
        return found;
    }

    std::optional<nlohmann::json> definition(std::uint32_t kind, std::string_view key) const {
        std::lock_guard lock(mutex_);
        const auto item = find(kind, key);
        return item == items_.end() ? std::nullopt : std::optional(item->definition);
    }

    // Kinds whose list changed after init (what the daemon turns into
    // notifications/*/list_changed), in order.
    std::vector<std::uint32_t> list_changes() const {
        std::lock_guard lock(mutex_);
        return list_changes_;
    }

    std::vector<std::string> updated_resources() const {
        std::lock_guard lock(mutex_);
        return updated_resources_;
    }

    std::vector<HostLogRecord> host_logs() const {
        std::lock_guard lock(mutex_);
        return host_logs_;
    }

    // Every contract breach seen so far, "<call>: <what>".
    std::vector<std::string> violations() const {
        std::lock_guard lock(shared_->mutex);
        return shared_->violations;
    }

  private:
    struct Item {
        std::uint32_t kind;
        std::string key;
        nlohmann::json definition;
        pb_handler_fn handler;
        void* user_data;
    };

    static FakeHost& from(pb_host* host) { return *reinterpret_cast<FakeHost*>(host); }
    pb_host* handle() { return reinterpret_cast<pb_host*>(this); }

    static nlohmann::json parse_json(std::string_view text, const char* what) {
        auto json = nlohmann::json::parse(text, nullptr, false);
        if (json.is_discarded()) {
            throw std::invalid_argument(std::string("FakeHost: ") + what + " is not JSON");
        }
        return json;
    }

    static std::string descriptor_problem(const pb_plugin& plugin) {
        if (plugin.struct_size < sizeof(pb_plugin)) return "struct_size is smaller than ABI 1.0's";
        if (plugin.abi_major != PB_ABI_MAJOR) return "built for another ABI major";
        if (plugin.reserved != 0) return "reserved is not 0";
        if (plugin.init == nullptr) return "no init function";
        if (plugin.version == nullptr) return "no version";
        const std::string_view name = plugin.name == nullptr ? "" : plugin.name;
        const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-';
        });
        return valid_name ? "" : "name is not [A-Za-z0-9_-]+";
    }

    std::int64_t next_token() {
        std::lock_guard lock(mutex_);
        return ++last_token_;
    }

    std::vector<std::shared_ptr<detail::FakeCall>> calls() const {
        std::lock_guard lock(mutex_);
        return calls_;
    }

    std::vector<Item>::const_iterator find(std::uint32_t kind, std::string_view key) const {
        return std::find_if(items_.begin(), items_.end(),
                            [&](const Item& item) { return item.kind == kind && item.key == key; });
    }

    PendingCall start(std::uint32_t kind, std::string key, std::string method, std::string params,
                      std::string arguments, std::string uri, std::string variables) {
        auto call = std::make_shared<detail::FakeCall>(shared_, method + " " + key, kind, method,
                                                       std::move(params), std::move(arguments),
                                                       std::move(uri), std::move(variables));
        std::lock_guard lock(mutex_);
        calls_.push_back(call);
        const auto item = find(kind, key);
        if (!initialized_ || item == items_.end() || item->handler == nullptr) {
            // The host answers by itself, as the daemon would.
            const std::string message = "FakeHost: nothing serves " + method + " " + key;
            call->complete(PB_ERR_NOT_FOUND, message.data(), message.size());
            return PendingCall(call);
        }
        const bool serialized = (plugin_->flags & PB_PLUGIN_FLAG_SERIALIZED) != 0;
        handlers_.emplace_back(
            [this, call, handler = item->handler, user_data = item->user_data, serialized] {
                std::unique_lock<std::mutex> turn(serial_mutex_, std::defer_lock);
                if (serialized) turn.lock();
                handler(user_data, call->handle(), call->request());
            });
        return PendingCall(call);
    }

    void join_handlers() {
        std::vector<std::thread> handlers;
        {
            std::lock_guard lock(mutex_);
            handlers.swap(handlers_);
        }
        for (auto& thread : handlers)
            thread.join();
    }

    std::int32_t add_item(const pb_item* item, char* error_buf, std::size_t error_cap) {
        auto refuse = [&](std::int32_t status, const std::string& reason) {
            detail::write_error(error_buf, error_cap, reason);
            return status;
        };
        if (item == nullptr || item->struct_size < sizeof(pb_item)) {
            return refuse(PB_ERR_BAD_ARGUMENT, "pb_item is missing or smaller than ABI 1.0's");
        }
        if (item->kind < PB_ITEM_TOOL || item->kind > PB_ITEM_COMPLETION) {
            return refuse(PB_ERR_INVALID_PARAMS, "unknown item kind " + std::to_string(item->kind));
        }
        if (item->reserved != 0) return refuse(PB_ERR_INVALID_PARAMS, "reserved is not 0");
        if (item->handler == nullptr && item->kind != PB_ITEM_RESOURCE) {
            return refuse(PB_ERR_INVALID_PARAMS, "the item has no handler");
        }
        auto definition = nlohmann::json::parse(
            item->definition_json == nullptr
                ? std::string_view{}
                : std::string_view(item->definition_json, item->definition_len),
            nullptr, false);
        if (definition.is_discarded() || !definition.is_object()) {
            return refuse(PB_ERR_INVALID_PARAMS, "the definition is not a JSON object");
        }
        std::string key = detail::item_key(item->kind, definition);
        if (key.empty())
            return refuse(PB_ERR_INVALID_PARAMS, "the definition lacks its name, uri or ref");
        if (const std::string problem = definition_problem(item->kind, definition);
            !problem.empty()) {
            return refuse(PB_ERR_INVALID_PARAMS, problem);
        }
        std::lock_guard lock(mutex_);
        if (find(item->kind, key) != items_.end()) {
            return refuse(PB_ERR_INVALID_PARAMS, "'" + key + "' is already registered");
        }
        items_.push_back(
            {item->kind, std::move(key), std::move(definition), item->handler, item->user_data});
        if (initialized_ && item->kind != PB_ITEM_COMPLETION) list_changes_.push_back(item->kind);
        return PB_OK;
    }

    // The members MCP requires besides the key.
    static std::string definition_problem(std::uint32_t kind, const nlohmann::json& definition) {
        switch (kind) {
            case PB_ITEM_TOOL: {
                const auto schema = definition.find("inputSchema");
                if (schema == definition.end() || !schema->is_object() ||
                    schema->value("type", "") != "object") {
                    return "a tool needs an inputSchema of type object";
                }
                return {};
            }
            case PB_ITEM_RESOURCE:
            case PB_ITEM_RESOURCE_TEMPLATE:
                return definition.contains("name") && definition["name"].is_string()
                           ? ""
                           : "the definition lacks a name";
            default:
                return {};
        }
    }

    std::int32_t remove_item(std::uint32_t kind, std::string_view key) {
        std::lock_guard lock(mutex_);
        const auto item = find(kind, key);
        if (item == items_.end()) return PB_ERR_NOT_FOUND;
        items_.erase(item);
        if (initialized_ && kind != PB_ITEM_COMPLETION) list_changes_.push_back(kind);
        return PB_OK;
    }

    void record_host_log(std::int32_t level, const char* message) {
        std::lock_guard lock(mutex_);
        host_logs_.push_back({level, message == nullptr ? "" : message});
    }

    void record_resource_updated(std::string uri) {
        std::lock_guard lock(mutex_);
        updated_resources_.push_back(std::move(uri));
    }

    pb_host_api api_{};
    std::shared_ptr<detail::Shared> shared_ = std::make_shared<detail::Shared>();
    std::chrono::milliseconds timeout_{5000};
    const pb_plugin* plugin_ = nullptr;
    void* state_ = nullptr;

    mutable std::mutex mutex_;
    bool initialized_ = false;
    std::vector<Item> items_;
    std::vector<std::uint32_t> list_changes_;
    std::vector<std::string> updated_resources_;
    std::vector<HostLogRecord> host_logs_;
    std::vector<std::shared_ptr<detail::FakeCall>> calls_;
    std::vector<std::thread> handlers_;
    std::mutex serial_mutex_;
    std::int64_t last_token_ = 0;
};

}  // namespace plugboard::testing
