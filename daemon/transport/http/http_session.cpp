#include "transport/http/http_session.hpp"

#include <boost/asio/post.hpp>

namespace plugboard::transport::http {
namespace {

// Finished streams a client never read to the end, kept for resumption.
constexpr std::size_t kUnreadStreamsKept = 16;

}  // namespace

std::shared_ptr<HttpSession> HttpSession::create(std::string id, SessionStyle style,
                                                 boost::asio::any_io_executor strand,
                                                 std::size_t replay_limit,
                                                 const ProtocolFactory& make_protocol) {
    std::shared_ptr<HttpSession> session(
        new HttpSession(std::move(id), style, strand, replay_limit));
    std::weak_ptr<HttpSession> weak = session;
    session->protocol_ = make_protocol(
        strand,
        [weak](session::Outgoing outgoing) {
            if (auto self = weak.lock()) self->route(std::move(outgoing));
        },
        style);
    return session;
}

HttpSession::HttpSession(std::string id, SessionStyle style, boost::asio::any_io_executor strand,
                         std::size_t replay_limit)
    : id_(std::move(id)), style_(style), strand_(std::move(strand)), replay_limit_(replay_limit) {}

std::shared_ptr<EventStream> HttpSession::open_exchange() {
    std::lock_guard lock(mutex_);
    const std::uint64_t number = next_stream_++;
    auto stream = std::make_shared<EventStream>(number, replay_limit_);
    exchanges_.emplace(number, Exchange{stream, std::nullopt, 0, std::nullopt});
    streams_.emplace(number, stream);
    last_activity_ = Clock::now();
    return stream;
}

HttpSession::Delivery HttpSession::deliver(std::string_view body, std::uint64_t exchange) {
    const std::size_t answers = protocol_->handle_frame(body, exchange);
    std::lock_guard lock(mutex_);
    Delivery delivery{answers, std::nullopt};
    auto it = exchanges_.find(exchange);
    if (it == exchanges_.end()) return delivery;
    delivery.rejection = it->second.rejection;
    it->second.expected = answers;
    settle_locked(it);
    return delivery;
}

void HttpSession::route(session::Outgoing outgoing) {
    std::lock_guard lock(mutex_);
    auto it =
        style_ != SessionStyle::LegacySse ? exchanges_.find(outgoing.exchange) : exchanges_.end();
    if (it == exchanges_.end()) {
        if (!outgoing.frame.empty()) standalone_locked()->push(std::move(outgoing.frame));
        return;
    }
    if (outgoing.rejects_frame) {
        it->second.rejection = std::move(outgoing.frame);
    } else if (!outgoing.frame.empty()) {
        it->second.stream->push(std::move(outgoing.frame));
    }
    if (outgoing.ends_request) {
        ++it->second.ended;
        settle_locked(it);
    }
}

void HttpSession::settle_locked(std::map<std::uint64_t, Exchange>::iterator it) {
    const Exchange& exchange = it->second;
    if (!exchange.expected || exchange.ended < *exchange.expected) return;
    exchange.stream->finish();
    exchanges_.erase(it);
    trim_streams_locked();
}

void HttpSession::trim_streams_locked() {
    std::erase_if(streams_, [](const auto& entry) { return entry.second->done(); });
    std::size_t unread = 0;
    for (const auto& [number, stream] : streams_)
        unread += stream->finished() ? 1 : 0;
    // Oldest first: map order is stream number order.
    for (auto it = streams_.begin(); unread > kUnreadStreamsKept && it != streams_.end();) {
        if (it->second->finished()) {
            it = streams_.erase(it);
            --unread;
        } else {
            ++it;
        }
    }
}

std::shared_ptr<EventStream> HttpSession::standalone() {
    std::lock_guard lock(mutex_);
    return standalone_locked();
}

std::shared_ptr<EventStream> HttpSession::standalone_locked() {
    if (!standalone_) {
        standalone_ = std::make_shared<EventStream>(next_stream_++, replay_limit_);
        streams_.emplace(standalone_->number(), standalone_);
        if (closed_) standalone_->finish();
    }
    return standalone_;
}

std::shared_ptr<EventStream> HttpSession::find_stream(std::uint64_t number) {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(number);
    return it == streams_.end() ? nullptr : it->second;
}

void HttpSession::forget_stream(std::uint64_t number) {
    std::lock_guard lock(mutex_);
    if (!exchanges_.contains(number)) streams_.erase(number);
}

void HttpSession::touch() {
    std::lock_guard lock(mutex_);
    last_activity_ = Clock::now();
}

bool HttpSession::idle_since(Clock::time_point since) const {
    std::lock_guard lock(mutex_);
    if (last_activity_ > since || !exchanges_.empty()) return false;
    for (const auto& [number, stream] : streams_) {
        if (stream->attached()) return false;
    }
    return true;
}

bool HttpSession::quiet() const {
    std::lock_guard lock(mutex_);
    return exchanges_.empty();
}

bool HttpSession::mark_closed() {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    closed_ = true;
    for (auto& [number, stream] : streams_)
        stream->finish();
    return true;
}

void HttpSession::close(std::string reason) {
    if (!mark_closed()) return;
    boost::asio::post(strand_, [self = shared_from_this(), reason = std::move(reason)] {
        self->protocol_->close(reason);
    });
}

void HttpSession::close_here(std::string_view reason) {
    if (mark_closed()) protocol_->close(reason);
}

bool HttpSession::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

}  // namespace plugboard::transport::http
