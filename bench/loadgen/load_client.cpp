#include "load_client.hpp"

namespace plugboard::bench {

LoadClient::LoadClient(EventLoop& loop, const HttpTarget& target, const LoadPlan& plan,
                       std::uint64_t& next_id, CallTally& tally)
    : connection_(loop, target, *this, !plan.raw), plan_(plan), next_id_(next_id), tally_(tally) {}

void LoadClient::open() {
    if (plan_.stateful) {
        post(Step::initialize, next_id_++);
    } else if (!connection_.connect()) {
        fail("cannot connect");
    }
}

void LoadClient::on_connected() {
    if (state_ == State::opening) state_ = State::ready;
}

void LoadClient::start(const MeasureWindow& window) {
    window_ = &window;
    send_call();
}

void LoadClient::stop() {
    stopping_ = true;
    if (state_ == State::ready) send_delete();
}

void LoadClient::post(Step step, std::uint64_t id) {
    step_ = step;
    check_.expect(id);
    json_.clear();
    if (step == Step::initialize) {
        plan_.mcp.append_initialize(json_, id);
    } else if (step == Step::initialized) {
        json_ = McpRequests::kInitialized;
    } else {
        plan_.mcp.append_tool_call(json_, id);
    }
    request_.clear();
    plan_.http.append_post(request_, json_, session_id_, step != Step::initialize);
    sent_at_ = Clock::now();
    if (!connection_.send(request_)) on_request_failed(true);
}

void LoadClient::send_call() {
    state_ = State::calling;
    post(Step::call, next_id_++);
}

void LoadClient::send_delete() {
    if (!plan_.stateful || session_id_.empty()) {
        state_ = State::done;
        connection_.close();
        return;
    }
    state_ = State::closing;
    step_ = Step::remove;
    request_.clear();
    plan_.http.append_delete(request_, session_id_);
    if (!connection_.send(request_)) state_ = State::done;
}

void LoadClient::on_response_head(const HttpResponseHead& head) {
    check_.on_status(head.status);
    if (step_ == Step::initialize) session_id_ = head.session_id;
}

bool LoadClient::on_message(std::string_view json) {
    if (!check_.on_message(json)) return false;
    answered_at_ = Clock::now();
    return true;
}

void LoadClient::on_response_end() {
    switch (step_) {
        case Step::initialize:
            if (!check_.answered_ok()) {
                fail("initialize got HTTP " + std::to_string(check_.status()) +
                     (check_.answered() ? " with an error" : " without its answer"));
            } else if (session_id_.empty()) {
                fail("the initialize answer carries no Mcp-Session-Id");
            } else {
                post(Step::initialized, 0);
            }
            return;
        case Step::initialized:
            if (check_.status() != 202) {
                fail("notifications/initialized got HTTP " + std::to_string(check_.status()) +
                     ", not 202");
            } else {
                state_ = State::ready;
            }
            return;
        case Step::call:
            end_call(plan_.raw ? check_.status_ok() : check_.answered_ok());
            return;
        case Step::remove:
            state_ = State::done;
            connection_.close();
            return;
    }
}

void LoadClient::on_request_failed(bool could_not_connect) {
    switch (step_) {
        case Step::initialize:
        case Step::initialized:
            fail(could_not_connect ? "cannot connect"
                                   : "the connection closed during the session handshake");
            return;
        case Step::call:
            if (could_not_connect) {
                tally_.failed(*window_, Clock::now());
                fail("cannot reconnect");
                return;
            }
            // An answer that came before the connection closed still counts.
            end_call(!plan_.raw && check_.answered_ok());
            return;
        case Step::remove:
            state_ = State::done;
            return;
    }
}

void LoadClient::end_call(bool ok) {
    if (!ok) {
        tally_.failed(*window_, Clock::now());
    } else {
        tally_.succeeded(*window_, sent_at_, plan_.raw ? Clock::now() : answered_at_);
    }
    if (stopping_) {
        send_delete();
    } else {
        send_call();
    }
}

void LoadClient::fail(std::string why) {
    state_ = State::failed;
    failure_ = std::move(why);
    connection_.close();
}

}  // namespace plugboard::bench
