// C handlers that behave like plugins do, good and bad, and record what
// happened to them. Every handler takes a PluginProbe as its item's
// user_data. They call the real host API table, as a loaded plugin would.
#pragma once

#include <plugboard/plugin.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace plugboard::core_test {

class PluginProbe {
  public:
    struct Deferred {
        pb_call* call = nullptr;
        std::string arguments;
    };
    struct Answer {
        std::int32_t status = 0;
        std::string json;
    };

    // The next call a deferring handler kept, waiting up to `limit`.
    std::optional<Deferred> next_deferred(
        std::chrono::milliseconds limit = std::chrono::seconds(2));
    // Completes every kept call with `status`; returns how many there were.
    std::size_t complete_deferred(std::int32_t status);

    std::vector<Answer> answers() const;
    bool wait_for_answers(std::size_t count,
                          std::chrono::milliseconds limit = std::chrono::seconds(2));

    // What canned_result_handler completes with; set before the call starts.
    std::string canned_result = R"({"content":[]})";
    std::atomic<int> handler_runs{0};    // handlers that ran to their end
    std::atomic<int> cancel_notices{0};  // on_cancel callbacks received
    std::atomic<int> running{0};         // serial_handler runs under way
    std::atomic<int> most_running{0};    // the most serial_handler runs at once

    // The arguments of each serial_handler run, in the order they ran.
    std::vector<std::string> serial_runs() const;

    // Used by the handlers below.
    void keep(Deferred deferred);
    void record_answer(std::int32_t status, std::string json);
    struct AskContext {
        PluginProbe* probe;
        pb_call* call;
    };
    AskContext* new_ask_context(pb_call* call);
    void record_serial_run(std::string arguments);

  private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Deferred> deferred_;
    std::vector<Answer> answers_;
    std::list<AskContext> ask_contexts_;
    std::vector<std::string> serial_runs_;
};

const pb_host_api& host_api();

// Completes at once with {"content":[],"echo":{...}} describing the request.
void echo_handler(void* probe, pb_call* call, const pb_request* request);
// Completes at once with the probe's canned_result.
void canned_result_handler(void* probe, pb_call* call, const pb_request* request);
// Keeps the call for the test to complete later; registers a cancel callback.
void deferring_handler(void* probe, pb_call* call, const pb_request* request);
// Completes twice, with {"content":[],"first":true} and then "second".
void completes_twice_handler(void* probe, pb_call* call, const pb_request* request);
// Completes with PB_OK and text that is not JSON.
void malformed_result_handler(void* probe, pb_call* call, const pb_request* request);
// Reports progress 1/10 "one", 1 again, 0.5, 2.5 of unknown total, then completes.
void progress_handler(void* probe, pb_call* call, const pb_request* request);
// Logs "debug line" (debug), {"k":1} (warning, no logger), "error line" (error), then completes.
void logging_handler(void* probe, pb_call* call, const pb_request* request);
// Throws instead of completing.
void throwing_handler(void* probe, pb_call* call, const pb_request* request);
// Records its arguments and how many runs overlap, taking a few milliseconds.
void serial_handler(void* probe, pb_call* call, const pb_request* request);
// Asks the client for sampling; the answer completes the call with the text
// "<status> <json>".
void sampling_handler(void* probe, pb_call* call, const pb_request* request);

}  // namespace plugboard::core_test
