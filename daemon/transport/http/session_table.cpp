#include "transport/http/session_table.hpp"

#include <spdlog/spdlog.h>
#include <sys/random.h>

#include <array>
#include <boost/asio/strand.hpp>
#include <cerrno>
#include <system_error>

namespace plugboard::transport::http {

std::string random_session_id() {
    std::array<unsigned char, 16> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const ssize_t got = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "getrandom");
        }
        filled += static_cast<std::size_t>(got);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (const unsigned char byte : bytes) {
        id += kHex[byte >> 4];
        id += kHex[byte & 0xF];
    }
    return id;
}

SessionTable::SessionTable(boost::asio::io_context& io, SessionLimits limits,
                           HttpSession::ProtocolFactory make_protocol)
    : io_(io), limits_(limits), make_protocol_(std::move(make_protocol)), reaper_(io) {}

std::shared_ptr<HttpSession> SessionTable::create(SessionStyle style,
                                                  boost::asio::any_io_executor strand) {
    std::unique_lock lock(mutex_);
    if (sessions_.size() >= limits_.max_sessions) return nullptr;
    // A stateless request's session is never named by a client, so a
    // counter will do where others need 128 random bits (a getrandom call).
    std::string id = style == SessionStyle::Stateless
                         ? "stateless-" + std::to_string(++stateless_count_)
                         : std::string();
    lock.unlock();
    if (id.empty()) id = random_session_id();
    if (!strand) strand = boost::asio::make_strand(io_);
    auto session = HttpSession::create(std::move(id), style, std::move(strand),
                                       limits_.replay_events, make_protocol_);
    lock.lock();
    // Another request may have taken the last slot meanwhile.
    if (sessions_.size() >= limits_.max_sessions) return nullptr;
    sessions_.emplace(session->id(), session);
    return session;
}

std::shared_ptr<HttpSession> SessionTable::find(std::string_view id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second;
}

void SessionTable::close(const std::string& id, std::string reason) {
    std::shared_ptr<HttpSession> session;
    {
        std::lock_guard lock(mutex_);
        auto it = sessions_.find(id);
        if (it == sessions_.end()) return;
        session = std::move(it->second);
        sessions_.erase(it);
    }
    session->close(std::move(reason));
}

std::vector<std::shared_ptr<HttpSession>> SessionTable::all() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<HttpSession>> result;
    for (const auto& [id, session] : sessions_)
        result.push_back(session);
    return result;
}

void SessionTable::close_all(const std::string& reason) {
    std::map<std::string, std::shared_ptr<HttpSession>, std::less<>> closing;
    {
        std::lock_guard lock(mutex_);
        closing.swap(sessions_);
    }
    for (auto& [id, session] : closing)
        session->close(reason);
}

std::size_t SessionTable::size() {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void SessionTable::start() {
    schedule_reap();
}

void SessionTable::stop() {
    reaper_.cancel();
}

void SessionTable::schedule_reap() {
    // A few checks per timeout, and at least one a second.
    const auto period = std::max<std::chrono::milliseconds>(
        std::chrono::milliseconds(100),
        std::min<std::chrono::milliseconds>(limits_.idle_timeout / 4, std::chrono::seconds(1)));
    reaper_.expires_after(period);
    reaper_.async_wait([this](boost::system::error_code error) {
        if (error) return;
        reap();
        schedule_reap();
    });
}

void SessionTable::reap() {
    const auto cutoff = HttpSession::Clock::now() - limits_.idle_timeout;
    std::vector<std::string> idle;
    for (const auto& session : all()) {
        if (session->idle_since(cutoff)) idle.push_back(session->id());
    }
    for (const auto& id : idle) {
        spdlog::info("session {} idle for {} ms; closed", id, limits_.idle_timeout.count());
        close(id, "the session was idle too long");
    }
}

}  // namespace plugboard::transport::http
