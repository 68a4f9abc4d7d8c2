#include "transport/http/event_stream.hpp"

#include <charconv>

namespace plugboard::transport::http {
namespace {

// `data:` lines may not hold line breaks: a message spanning lines becomes
// one `data:` line each, which the client joins with "\n" (JSON white space).
void append_data_lines(std::string& out, std::string_view data) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = data.find_first_of("\r\n", start);
        out += "data: ";
        out += data.substr(start, end == std::string_view::npos ? end : end - start);
        out += '\n';
        if (end == std::string_view::npos) break;
        start = end + 1;
        if (data[end] == '\r' && start < data.size() && data[start] == '\n') ++start;
    }
}

}  // namespace

void EventStream::push(std::string data) {
    {
        std::lock_guard lock(mutex_);
        if (finished_) return;
        replay_.push_back(Event{++last_sequence_, std::move(data)});
        if (replay_.size() > replay_limit_) replay_.pop_front();
    }
    wake();
}

void EventStream::finish() {
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
    }
    wake();
}

EventStream::Pending EventStream::after(std::uint64_t sequence) const {
    std::lock_guard lock(mutex_);
    Pending pending;
    pending.finished = finished_;
    pending.gap = !replay_.empty() && replay_.front().sequence > sequence + 1;
    for (const Event& event : replay_) {
        if (event.sequence > sequence) pending.events.push_back(event);
    }
    return pending;
}

std::shared_ptr<Wakeup> EventStream::attach(boost::asio::any_io_executor executor) {
    auto wakeup = std::make_shared<Wakeup>(std::move(executor), 1);
    std::shared_ptr<Wakeup> replaced;
    {
        std::lock_guard lock(mutex_);
        replaced = std::exchange(consumer_, wakeup);
    }
    if (replaced) replaced->try_send(boost::system::error_code{});
    return wakeup;
}

std::shared_ptr<Wakeup> EventStream::try_attach(boost::asio::any_io_executor executor) {
    std::lock_guard lock(mutex_);
    if (consumer_) return nullptr;
    consumer_ = std::make_shared<Wakeup>(std::move(executor), 1);
    return consumer_;
}

bool EventStream::is_attached(const std::shared_ptr<Wakeup>& wakeup) const {
    std::lock_guard lock(mutex_);
    return consumer_ == wakeup;
}

void EventStream::detach(const std::shared_ptr<Wakeup>& wakeup, std::uint64_t written) {
    std::lock_guard lock(mutex_);
    if (consumer_ == wakeup) consumer_.reset();
    written_ = std::max(written_, written);
}

std::uint64_t EventStream::written() const {
    std::lock_guard lock(mutex_);
    return written_;
}

bool EventStream::attached() const {
    std::lock_guard lock(mutex_);
    return consumer_ != nullptr;
}

bool EventStream::finished() const {
    std::lock_guard lock(mutex_);
    return finished_;
}

bool EventStream::done() const {
    std::lock_guard lock(mutex_);
    return finished_ && written_ >= last_sequence_;
}

void EventStream::wake() const {
    std::shared_ptr<Wakeup> consumer;
    {
        std::lock_guard lock(mutex_);
        consumer = consumer_;
    }
    // A full channel already holds a wakeup the consumer has yet to take.
    if (consumer) consumer->try_send(boost::system::error_code{});
}

std::string event_id(std::uint64_t stream, std::uint64_t sequence) {
    return std::to_string(stream) + '-' + std::to_string(sequence);
}

std::optional<EventPosition> parse_event_id(std::string_view id) {
    const std::size_t dash = id.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    EventPosition position;
    const auto parse = [](std::string_view text, std::uint64_t& value) {
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        return !text.empty() && error == std::errc{} && end == text.data() + text.size();
    };
    if (!parse(id.substr(0, dash), position.stream) ||
        !parse(id.substr(dash + 1), position.sequence)) {
        return std::nullopt;
    }
    return position;
}

std::string format_message_event(std::string_view id, std::string_view data) {
    std::string out = "id: ";
    out += id;
    out += "\nevent: message\n";
    append_data_lines(out, data);
    out += '\n';
    return out;
}

std::string format_priming_event(std::string_view id, std::uint64_t retry_ms) {
    std::string out = "id: ";
    out += id;
    out += "\nretry: ";
    out += std::to_string(retry_ms);
    out += "\ndata: \n\n";
    return out;
}

std::string format_named_event(std::string_view name, std::string_view data) {
    std::string out = "event: ";
    out += name;
    out += '\n';
    append_data_lines(out, data);
    out += '\n';
    return out;
}

}  // namespace plugboard::transport::http
