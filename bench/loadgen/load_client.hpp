#pragma once

#include <cstdint>
#include <string>

#include "answer_check.hpp"
#include "call_tally.hpp"
#include "http_connection.hpp"
#include "http_request_writer.hpp"
#include "mcp_requests.hpp"
#include "measure_window.hpp"

namespace plugboard::bench {

// What every connection of an http run does.
struct LoadPlan {
    const HttpRequestWriter& http;
    const McpRequests& mcp;
    bool stateful;  // its own session: initialize first, DELETE at the end
    bool raw;       // any 2xx is a success; bodies are not parsed
};

// One connection of the http mode: its session handshake, then one tools/call after another
// until stopped, then the DELETE of its session.
class LoadClient final : private HttpConnection::Owner {
  public:
    enum class State { opening, ready, calling, closing, done, failed };

    LoadClient(EventLoop& loop, const HttpTarget& target, const LoadPlan& plan,
               std::uint64_t& next_id, CallTally& tally);

    // Stateful: initialize and notifications/initialized; otherwise just the connection, so an
    // unreachable server shows before the run and connecting is not part of the first call.
    void open();
    void start(const MeasureWindow& window);
    // No further calls; the session is deleted once the call in flight is over.
    void stop();

    State state() const { return state_; }
    const std::string& failure() const { return failure_; }

  private:
    enum class Step { initialize, initialized, call, remove };

    void on_response_head(const HttpResponseHead& head) override;
    bool on_message(std::string_view json) override;
    void on_response_end() override;
    void on_request_failed(bool could_not_connect) override;
    void on_connected() override;

    void post(Step step, std::uint64_t id);
    void send_call();
    void send_delete();
    void end_call(bool ok);
    void fail(std::string why);

    HttpConnection connection_;
    const LoadPlan& plan_;
    std::uint64_t& next_id_;
    CallTally& tally_;
    const MeasureWindow* window_ = nullptr;

    State state_ = State::opening;
    Step step_ = Step::initialize;
    bool stopping_ = false;
    AnswerCheck check_;
    Clock::time_point sent_at_;
    Clock::time_point answered_at_;
    std::string session_id_;
    std::string json_;
    std::string request_;
    std::string failure_;
};

}  // namespace plugboard::bench
