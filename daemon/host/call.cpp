#include "host/call.hpp"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "host/plugin_instance.hpp"

namespace plugboard::host {
namespace {

// Plugin results are spliced into responses as they are, so they are
// checked once here: a plugin can never make the daemon send broken JSON.
bool is_json_object(std::string_view text) {
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element element;
    return !parser.parse(text.data(), text.size()).get(element) && element.is_object();
}

}  // namespace

Call::Call(std::uint64_t id, registry::ItemPtr item, CallInput input,
           std::weak_ptr<ClientChannel> channel, AnswerFn answer)
    : id_(id),
      item_(std::move(item)),
      input_(std::move(input)),
      channel_(std::move(channel)),
      answer_(std::move(answer)) {
    auto span = [](const std::string& text, const char*& data, std::size_t& size) {
        data = text.empty() ? nullptr : text.data();
        size = text.size();
    };
    request_.struct_size = sizeof(pb_request);
    request_.item_kind = static_cast<std::uint32_t>(item_->kind);
    request_.method = input_.method.c_str();
    span(input_.params, request_.params_json, request_.params_len);
    span(input_.arguments, request_.arguments_json, request_.arguments_len);
    span(input_.uri, request_.uri, request_.uri_len);
    span(input_.variables, request_.variables_json, request_.variables_len);
}

pb_call* Call::handle() const {
    return reinterpret_cast<pb_call*>(static_cast<std::uintptr_t>(id_));
}

void Call::deliver(std::int32_t status, std::string payload) {
    if (answered_.exchange(true, std::memory_order_acq_rel)) return;
    AnswerFn answer = std::move(answer_);
    if (answer) answer(status, std::move(payload));
}

bool Call::complete_from_plugin(std::int32_t status, std::string_view payload) {
    {
        std::unique_lock lock(mutex_);
        if (plugin_completed_.exchange(true, std::memory_order_acq_rel)) return false;
        cancel_finished_.wait(
            lock, [&] { return !cancel_running_ || cancel_thread_ == std::this_thread::get_id(); });
    }
    if (status == PB_OK && !is_json_object(payload)) {
        spdlog::error("plugin {}: {} \"{}\" completed with a result that is not a JSON object",
                      item_->plugin_name, registry::to_string(item_->kind), item_->plugin_key);
        deliver(PB_ERR_INTERNAL, "the plugin returned a malformed result");
        return true;
    }
    deliver(status, std::string(payload));
    return true;
}

bool Call::abandon(std::int32_t status, std::string message) {
    if (answered_.load(std::memory_order_acquire)) return false;
    cancelled_.store(true, std::memory_order_release);
    fire_cancel();
    if (answered_.exchange(true, std::memory_order_acq_rel)) return false;
    AnswerFn answer = std::move(answer_);
    if (answer) answer(status, std::move(message));
    return true;
}

void Call::set_cancel_callback(pb_cancel_fn fn, void* user_data) {
    {
        std::lock_guard lock(mutex_);
        cancel_fn_ = fn;
        cancel_user_data_ = user_data;
        if (!cancelled_.load(std::memory_order_acquire) || cancel_fired_) return;
    }
    fire_cancel();
}

void Call::fire_cancel() {
    pb_cancel_fn fn = nullptr;
    void* user_data = nullptr;
    {
        std::lock_guard lock(mutex_);
        if (cancel_fired_ || cancel_fn_ == nullptr ||
            plugin_completed_.load(std::memory_order_acquire)) {
            return;
        }
        cancel_fired_ = true;
        cancel_running_ = true;
        cancel_thread_ = std::this_thread::get_id();
        fn = cancel_fn_;
        user_data = cancel_user_data_;
    }
    fn(user_data, handle());
    {
        std::lock_guard lock(mutex_);
        cancel_running_ = false;
    }
    cancel_finished_.notify_all();
}

void Call::report_progress(double progress, double total, const char* message) {
    if (!input_.progress_token || answered_.load(std::memory_order_acquire)) return;
    {
        std::lock_guard lock(mutex_);
        // The spec requires progress to increase with each notification.
        if (any_progress_ && progress <= last_progress_) return;
        any_progress_ = true;
        last_progress_ = progress;
    }
    if (auto channel = channel_.lock())
        channel->send_progress(id_, *input_.progress_token, progress, total, message);
}

void Call::log(std::int32_t level, const char* logger, std::string_view data_json) {
    if (answered_.load(std::memory_order_acquire)) return;
    if (auto channel = channel_.lock()) channel->send_log(id_, level, logger, data_json);
}

void Call::ask_client(std::int32_t what, std::string params_json, pb_answer_fn answer,
                      void* user_data) {
    auto reply = [answer, user_data](std::int32_t status, std::string payload) {
        answer(user_data, status, payload.data(), payload.size());
    };
    if (!is_json_object(params_json)) {
        reply(PB_ERR_BAD_ARGUMENT, "ask_client params must be a JSON object");
        return;
    }
    auto channel = channel_.lock();
    if (!channel || answered_.load(std::memory_order_acquire)) {
        reply(PB_ERR_CANCELLED, "the call has ended");
        return;
    }
    channel->ask_client(id_, what, std::move(params_json), std::move(reply));
}

// ---- CallTable ----------------------------------------------------------

CallTable& CallTable::instance() {
    static CallTable table;
    return table;
}

std::shared_ptr<Call> CallTable::create(registry::ItemPtr item, CallInput input,
                                        std::weak_ptr<ClientChannel> channel, AnswerFn answer) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    auto call = std::make_shared<Call>(id, std::move(item), std::move(input), std::move(channel),
                                       std::move(answer));
    calls_.emplace(id, call);
    return call;
}

std::shared_ptr<Call> CallTable::find(pb_call* handle) const {
    const auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(handle));
    std::lock_guard lock(mutex_);
    auto it = calls_.find(id);
    return it == calls_.end() ? nullptr : it->second;
}

void CallTable::erase(pb_call* handle) {
    const auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(handle));
    std::lock_guard lock(mutex_);
    calls_.erase(id);
}

std::size_t CallTable::size() const {
    std::lock_guard lock(mutex_);
    return calls_.size();
}

}  // namespace plugboard::host
