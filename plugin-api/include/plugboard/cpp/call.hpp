// plugboard::Call: one in-flight request, owned by whoever will answer it.
#pragma once

#include <plugboard/plugin.h>
#include <plugboard/cpp/status.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace plugboard {

enum class Ask : std::int32_t {
    sampling = PB_ASK_SAMPLING,
    elicitation = PB_ASK_ELICITATION,
    roots = PB_ASK_ROOTS,
};

// The client's answer to Call::ask_client.
struct ClientAnswer {
    Status status = Status::internal;
    nlohmann::json result;  // status ok: CreateMessageResult, ElicitResult or ListRootsResult
    std::string message;    // otherwise: why there is no result
    bool ok() const { return status == Status::ok; }
};

namespace detail {

// Never throws on invalid UTF-8: a plugin must not fail while answering.
inline std::string dump(const nlohmann::json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

inline std::string_view span(const char* data, std::size_t size) {
    return data == nullptr ? std::string_view{} : std::string_view(data, size);
}

inline nlohmann::json parse_or(std::string_view text, nlohmann::json fallback) {
    return text.empty() ? std::move(fallback) : nlohmann::json::parse(text);
}

// Shared by the Call and the layer's handler thunk, so that whichever lets go
// last completes a forgotten call, and an exception thrown after the handler
// moved its Call away can still be answered.
class CallState {
  public:
    CallState(const pb_host_api* api, pb_host* host, pb_call* call) noexcept
        : api_(api), host_(host), call_(call) {}
    CallState(const CallState&) = delete;
    CallState& operator=(const CallState&) = delete;

    ~CallState() {
        if (!completed()) fail(Status::internal, "handler did not complete the call");
    }

    // The host's spans are only valid until completion, so they are copied.
    void load(const pb_request& request) {
        if (request.method != nullptr) method_ = request.method;
        params_ = span(request.params_json, request.params_len);
        arguments_ =
            parse_or(span(request.arguments_json, request.arguments_len), nlohmann::json::object());
        uri_ = span(request.uri, request.uri_len);
        variables_ =
            parse_or(span(request.variables_json, request.variables_len), nlohmann::json::object());
    }

    const std::string& method() const { return method_; }
    const std::string& params_text() const { return params_; }
    const nlohmann::json& arguments() const { return arguments_; }
    const std::string& uri() const { return uri_; }
    const nlohmann::json& variables() const { return variables_; }

    bool completed() const { return completed_.load(std::memory_order_acquire); }

    // Returns false (and tells the host log) when the call was already completed.
    bool complete(const nlohmann::json& result) {
        if (!result.is_object()) {
            return fail(Status::internal, "the handler's result is not a JSON object");
        }
        const std::string text = dump(result);
        if (!claim_completion()) return false;
        api_->complete(call_, PB_OK, text.data(), text.size());
        return true;
    }

    bool fail(Status status, std::string_view message) noexcept {
        if (!claim_completion()) return false;
        // PB_OK with a message would be a malformed result.
        const auto code =
            status == Status::ok ? PB_ERR_INTERNAL : static_cast<std::int32_t>(status);
        api_->complete(call_, code, message.data(), message.size());
        return true;
    }

    bool cancelled() const {
        {
            std::lock_guard lock(cancel_mutex_);
            if (cancel_seen_) return true;
        }
        return api_->is_cancelled(call_) != 0;
    }

    void on_cancel(std::function<void()> callback) {
        bool run_now = false;
        {
            std::lock_guard lock(cancel_mutex_);
            cancel_callback_ = std::move(callback);
            run_now = cancel_seen_;
        }
        listen_for_cancel();
        if (run_now) run_cancel_callback();
    }

    bool wait_cancelled(std::chrono::milliseconds timeout) {
        listen_for_cancel();
        std::unique_lock lock(cancel_mutex_);
        return cancel_cv_.wait_for(lock, timeout, [this] { return cancel_seen_; });
    }

    void progress(double progress, double total, const std::string& message) {
        api_->progress(call_, progress, total, message.empty() ? nullptr : message.c_str());
    }

    void log(LogLevel level, const nlohmann::json& data, const std::string& logger) {
        const std::string text = dump(data);
        api_->call_log(call_, static_cast<std::int32_t>(level),
                       logger.empty() ? nullptr : logger.c_str(), text.data(), text.size());
    }

    void ask_client(Ask what, const nlohmann::json& params,
                    std::function<void(ClientAnswer)> answer) {
        const std::string text = dump(params);
        auto pending =
            std::make_unique<PendingAnswer>(PendingAnswer{std::move(answer), api_, host_});
        // The answer may outlive this call, so it owns what it needs.
        api_->ask_client(call_, static_cast<std::int32_t>(what), text.data(), text.size(),
                         &PendingAnswer::deliver, pending.release());
    }

    void warn_host(const char* message) const noexcept {
        api_->log(host_, PB_LOG_WARNING, message);
    }

  private:
    struct PendingAnswer {
        std::function<void(ClientAnswer)> answer;
        const pb_host_api* api;
        pb_host* host;

        static void deliver(void* user_data, std::int32_t status, const char* json,
                            std::size_t json_len) noexcept {
            std::unique_ptr<PendingAnswer> self(static_cast<PendingAnswer*>(user_data));
            try {
                ClientAnswer answer;
                answer.status = static_cast<Status>(status);
                if (status == PB_OK) {
                    answer.result = nlohmann::json::parse(span(json, json_len));
                } else {
                    answer.message = std::string(span(json, json_len));
                }
                self->answer(std::move(answer));
            } catch (const std::exception& error) {
                const std::string message =
                    std::string("ask_client answer handler failed: ") + error.what();
                self->api->log(self->host, PB_LOG_ERROR, message.c_str());
            } catch (...) {
                self->api->log(self->host, PB_LOG_ERROR, "ask_client answer handler failed");
            }
        }
    };

    bool claim_completion() noexcept {
        if (!completed_.exchange(true, std::memory_order_acq_rel)) return true;
        warn_host("a call was completed twice; the second completion was dropped");
        return false;
    }

    void listen_for_cancel() {
        if (!cancel_registered_.exchange(true, std::memory_order_acq_rel)) {
            api_->on_cancel(call_, &CallState::host_cancelled, this);
        }
    }

    static void host_cancelled(void* user_data, pb_call*) noexcept {
        auto* self = static_cast<CallState*>(user_data);
        {
            std::lock_guard lock(self->cancel_mutex_);
            self->cancel_seen_ = true;
        }
        self->cancel_cv_.notify_all();
        self->run_cancel_callback();
    }

    void run_cancel_callback() noexcept {
        std::function<void()> callback;
        {
            std::lock_guard lock(cancel_mutex_);
            callback = std::exchange(cancel_callback_, nullptr);
        }
        if (!callback) return;
        try {
            callback();
        } catch (...) {
            warn_host("an on_cancel callback threw; ignored");
        }
    }

    const pb_host_api* api_;
    pb_host* host_;
    pb_call* call_;

    std::string method_;
    std::string params_;
    nlohmann::json arguments_;
    std::string uri_;
    nlohmann::json variables_;

    std::atomic<bool> completed_{false};
    std::atomic<bool> cancel_registered_{false};
    mutable std::mutex cancel_mutex_;
    std::condition_variable cancel_cv_;
    bool cancel_seen_ = false;
    std::function<void()> cancel_callback_;
};

}  // namespace detail

// One request a handler serves. Movable, not copyable; it may be moved to
// another thread and completed there. Exactly one complete() or fail() is
// sent: later ones are dropped with a warning in the host log. A Call that
// is destroyed unanswered fails with "handler did not complete the call".
class Call {
  public:
    explicit Call(std::shared_ptr<detail::CallState> state) noexcept : state_(std::move(state)) {}
    Call(Call&&) noexcept = default;
    Call& operator=(Call&&) noexcept = default;
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    ~Call() = default;

    // "tools/call", "resources/read", "prompts/get" or "completion/complete".
    const std::string& method() const { return state().method(); }
    // Tool and prompt arguments; for completion/complete the {"name","value"} argument.
    const nlohmann::json& arguments() const { return state().arguments(); }
    // resources/read: the URI, and a template's variables.
    const std::string& uri() const { return state().uri(); }
    const nlohmann::json& variables() const { return state().variables(); }
    // The request's whole params object, parsed on each call.
    nlohmann::json params() const {
        return detail::parse_or(state().params_text(), nlohmann::json::object());
    }

    // `result` is the method's whole result object (a ToolResult converts).
    void complete(const nlohmann::json& result) { state().complete(result); }
    void fail(Status status, std::string_view message) { state().fail(status, message); }
    bool completed() const { return state().completed(); }

    // `progress` must grow from one report to the next; total < 0: unknown.
    void progress(double progress, double total = -1, const std::string& message = {}) {
        state().progress(progress, total, message);
    }
    void log(LogLevel level, const nlohmann::json& data, const std::string& logger = {}) {
        state().log(level, data, logger);
    }

    bool cancelled() const { return state().cancelled(); }
    // Runs once, on a host thread, when the client cancels or the deadline
    // passes (at once if that already happened). Must be quick and must not
    // complete the call; replaces an earlier callback.
    void on_cancel(std::function<void()> callback) { state().on_cancel(std::move(callback)); }
    // Sleeps up to `timeout`, waking early on cancellation. Returns cancelled().
    bool wait_cancelled(std::chrono::milliseconds timeout) {
        return state().wait_cancelled(timeout);
    }

    // Asks the client (sampling, elicitation, roots). `answer` runs exactly
    // once, on any thread, possibly before this returns; the call stays open.
    void ask_client(Ask what, const nlohmann::json& params,
                    std::function<void(ClientAnswer)> answer) {
        state().ask_client(what, params, std::move(answer));
    }

  private:
    detail::CallState& state() const {
        if (!state_) throw std::logic_error("plugboard::Call used after it was moved from");
        return *state_;
    }

    std::shared_ptr<detail::CallState> state_;
};

}  // namespace plugboard
