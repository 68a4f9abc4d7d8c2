// The HTTP sessions by Mcp-Session-Id: creation under a cap, lookup, and the
// reaping of sessions a client abandoned without DELETE.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "transport/http/http_session.hpp"

namespace plugboard::transport::http {

struct SessionLimits {
    std::size_t max_sessions = 1000;
    std::chrono::milliseconds idle_timeout{30 * 60 * 1000};
    std::size_t replay_events = 256;
};

class SessionTable {
  public:
    SessionTable(boost::asio::io_context& io, SessionLimits limits,
                 HttpSession::ProtocolFactory make_protocol);

    // nullptr when max_sessions are open. The session runs on `strand`, or on
    // a new strand of its own when that is empty.
    std::shared_ptr<HttpSession> create(SessionStyle style,
                                        boost::asio::any_io_executor strand = {});
    std::shared_ptr<HttpSession> find(std::string_view id);
    void close(const std::string& id, std::string reason);
    std::vector<std::shared_ptr<HttpSession>> all();
    void close_all(const std::string& reason);
    std::size_t size();

    // Reaps idle sessions until stop().
    void start();
    void stop();

  private:
    void schedule_reap();
    void reap();

    boost::asio::io_context& io_;
    const SessionLimits limits_;
    const HttpSession::ProtocolFactory make_protocol_;
    boost::asio::steady_timer reaper_;
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<HttpSession>, std::less<>> sessions_;
    std::uint64_t stateless_count_ = 0;  // under mutex_
};

// 128 random bits from the kernel as 32 lowercase hex digits.
std::string random_session_id();

}  // namespace plugboard::transport::http
