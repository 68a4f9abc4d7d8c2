#include "session_client.hpp"

namespace plugboard::bench {

SessionClient::SessionClient(EventLoop& loop, const HttpTarget& target,
                             const HttpRequestWriter& http, const McpRequests& mcp,
                             std::uint64_t& next_id)
    : connection_(loop, target, *this, true), http_(http), mcp_(mcp), next_id_(next_id) {}

void SessionClient::work_on(SessionJobs& jobs) {
    jobs_ = &jobs;
    take_jobs();
}

void SessionClient::take_jobs() {
    while (jobs_->taken < jobs_->total()) {
        if (start_job(jobs_->taken++)) return;
        jobs_->unreachable = true;
        record(false);
    }
}

bool SessionClient::start_job(std::size_t index) {
    const std::uint64_t id = next_id_++;
    check_.expect(id);
    json_.clear();
    switch (jobs_->kind) {
        case SessionJobs::Kind::create:
            session_id_.clear();
            mcp_.append_initialize(json_, id);
            return post(Step::initialize, json_);
        case SessionJobs::Kind::ping:
            session_id_ = jobs_->sessions[index];
            mcp_.append_ping(json_, id);
            return post(Step::ping, json_);
        case SessionJobs::Kind::remove:
            session_id_ = jobs_->sessions[index];
            step_ = Step::remove;
            request_.clear();
            http_.append_delete(request_, session_id_);
            return connection_.send(request_);
    }
    return false;
}

bool SessionClient::post(Step step, std::string_view json) {
    step_ = step;
    request_.clear();
    http_.append_post(request_, json, session_id_, step != Step::initialize);
    return connection_.send(request_);
}

void SessionClient::on_response_head(const HttpResponseHead& head) {
    check_.on_status(head.status);
    if (step_ == Step::initialize) session_id_ = head.session_id;
}

bool SessionClient::on_message(std::string_view json) {
    return check_.on_message(json);
}

void SessionClient::on_response_end() {
    switch (step_) {
        case Step::initialize:
            if (!check_.answered_ok() || session_id_.empty()) {
                finish_job(false);
            } else if (!post(Step::initialized, McpRequests::kInitialized)) {
                jobs_->unreachable = true;
                finish_job(false);
            }
            return;
        case Step::initialized:
            finish_job(check_.status() == 202);
            return;
        case Step::ping:
            finish_job(check_.answered_ok());
            return;
        case Step::remove:
            finish_job(true);
            return;
    }
}

void SessionClient::on_request_failed(bool could_not_connect) {
    if (could_not_connect) jobs_->unreachable = true;
    finish_job(false);
}

void SessionClient::record(bool ok) {
    ++jobs_->finished;
    if (ok && jobs_->kind == SessionJobs::Kind::create) jobs_->created.push_back(session_id_);
    if (!ok && jobs_->kind != SessionJobs::Kind::remove) ++jobs_->errors;
}

void SessionClient::finish_job(bool ok) {
    record(ok);
    take_jobs();
}

}  // namespace plugboard::bench
