#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "answer_check.hpp"
#include "http_connection.hpp"
#include "http_request_writer.hpp"
#include "mcp_requests.hpp"

namespace plugboard::bench {

// One phase of the sessions mode: jobs that the connections take one at a time.
struct SessionJobs {
    enum class Kind { create, ping, remove };
    Kind kind = Kind::create;
    std::size_t to_create = 0;          // create: how many sessions
    std::vector<std::string> sessions;  // ping, remove: the sessions to use
    std::size_t taken = 0;
    std::size_t finished = 0;
    std::vector<std::string> created;
    std::uint64_t errors = 0;  // a DELETE that fails is not one
    bool unreachable = false;

    std::size_t total() const { return kind == Kind::create ? to_create : sessions.size(); }
    bool all_finished() const { return finished == total(); }
};

// One keep-alive connection of the sessions mode, working through the jobs of a phase.
class SessionClient final : private HttpConnection::Owner {
  public:
    SessionClient(EventLoop& loop, const HttpTarget& target, const HttpRequestWriter& http,
                  const McpRequests& mcp, std::uint64_t& next_id);

    void work_on(SessionJobs& jobs);
    // Drops a job in flight when a phase gives up waiting.
    void abandon() { connection_.close(); }

  private:
    enum class Step { initialize, initialized, ping, remove };

    void on_response_head(const HttpResponseHead& head) override;
    bool on_message(std::string_view json) override;
    void on_response_end() override;
    void on_request_failed(bool could_not_connect) override;

    // Starts jobs until one is under way or none are left.
    void take_jobs();
    // False when no connection could be made for it.
    bool start_job(std::size_t index);
    bool post(Step step, std::string_view json);
    void record(bool ok);
    void finish_job(bool ok);

    HttpConnection connection_;
    const HttpRequestWriter& http_;
    const McpRequests& mcp_;
    std::uint64_t& next_id_;
    SessionJobs* jobs_ = nullptr;
    Step step_ = Step::initialize;
    AnswerCheck check_;
    std::string session_id_;
    std::string json_;
    std::string request_;
};

}  // namespace plugboard::bench
