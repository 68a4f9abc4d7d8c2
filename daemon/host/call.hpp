// One request served by a plugin handler, from dispatch until the plugin
// completes it. The client gets exactly one answer: the plugin's result, or
// the host's timeout/cancellation, whichever comes first.
#pragma once

#include <plugboard/plugin.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "host/client_channel.hpp"
#include "registry/registry.hpp"

namespace plugboard::host {

class PluginInstance;

// What the dispatcher hands over; the call owns it until the plugin is done.
struct CallInput {
    std::string method;
    std::string params;
    std::string arguments;
    std::string uri;
    std::string variables;
    std::optional<std::string> progress_token;  // raw JSON
};

class Call {
  public:
    Call(std::uint64_t id, registry::ItemPtr item, CallInput input,
         std::weak_ptr<ClientChannel> channel, AnswerFn answer);
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    std::uint64_t id() const { return id_; }
    pb_call* handle() const;
    const pb_request& request() const { return request_; }
    const registry::Item& item() const { return *item_; }
    PluginInstance& plugin() const { return *item_->plugin; }

    // The plugin's completion. Returns false if the plugin had completed
    // before (the caller logs it).
    bool complete_from_plugin(std::int32_t status, std::string_view payload);

    // The host ends the call for the client (deadline, client cancellation,
    // shutdown). Returns false if an answer was already given. The plugin is
    // told through its cancel callback and still owes its completion.
    bool abandon(std::int32_t status, std::string message);

    bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
    void set_cancel_callback(pb_cancel_fn fn, void* user_data);

    void report_progress(double progress, double total, const char* message);
    void log(std::int32_t level, const char* logger, std::string_view data_json);
    void ask_client(std::int32_t what, std::string params_json, pb_answer_fn answer,
                    void* user_data);

  private:
    void fire_cancel();
    void deliver(std::int32_t status, std::string payload);

    const std::uint64_t id_;
    const registry::ItemPtr item_;
    const CallInput input_;
    pb_request request_{};
    const std::weak_ptr<ClientChannel> channel_;
    AnswerFn answer_;

    std::atomic<bool> answered_{false};
    std::atomic<bool> plugin_completed_{false};
    std::atomic<bool> cancelled_{false};

    // Guards the cancel callback and progress ordering. The ABI promises
    // that no cancel callback runs once complete() has returned, so a
    // completion waits for a callback that is running on another thread.
    std::mutex mutex_;
    std::condition_variable cancel_finished_;
    pb_cancel_fn cancel_fn_ = nullptr;
    void* cancel_user_data_ = nullptr;
    bool cancel_fired_ = false;
    bool cancel_running_ = false;
    std::thread::id cancel_thread_;
    double last_progress_ = 0;
    bool any_progress_ = false;
};

// Live calls by handle. Plugins hold plain handles, so a late or second
// completion finds nothing here instead of freed memory.
class CallTable {
  public:
    static CallTable& instance();
    std::shared_ptr<Call> create(registry::ItemPtr item, CallInput input,
                                 std::weak_ptr<ClientChannel> channel, AnswerFn answer);
    std::shared_ptr<Call> find(pb_call* handle) const;
    void erase(pb_call* handle);
    std::size_t size() const;

  private:
    mutable std::mutex mutex_;
    std::uint64_t next_id_ = 1;
    std::unordered_map<std::uint64_t, std::shared_ptr<Call>> calls_;
};

}  // namespace plugboard::host
