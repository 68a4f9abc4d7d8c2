// One client's protocol state for the stateful revisions (2024-11-05 to
// 2025-11-25): the initialize handshake, negotiated revision, client
// capabilities, log level, subscriptions, requests in flight (deadlines,
// cancellation, progress) and server-to-client requests. Transports feed it
// frames and give it a way to send frames; it never touches a socket.
//
// Threads: every member function runs on the session's strand except the
// ones marked [any-thread], which post to it.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "dispatch/dispatcher.hpp"
#include "host/client_channel.hpp"
#include "json/message.hpp"
#include "protocol/revision.hpp"

namespace plugboard::session {

struct ServerInfo {
    std::string name = "plugboard";
    std::string version;
    std::optional<std::string> instructions;
};

// A frame for the transport, with what it belongs to: over HTTP a request's
// answer, and the messages about it, go on that request's stream.
struct Outgoing {
    std::string frame;  // empty when a request ended without an answer (cancelled)
    // The handle_frame() call whose request this answers or concerns; 0 = none.
    std::uint64_t exchange = 0;
    // Counts toward the answers handle_frame() promised for `exchange`.
    bool ends_request = false;
    // The frame itself was unusable (not JSON, not JSON-RPC, too large).
    bool rejects_frame = false;
};

class Session final : public host::ClientChannel, public std::enable_shared_from_this<Session> {
  public:
    using SendFn = std::function<void(Outgoing)>;  // runs on the strand

    // `strand` must be a strand (or otherwise serialize its handlers).
    Session(boost::asio::any_io_executor strand, dispatch::Dispatcher& dispatcher,
            const config::Limits& limits, ServerInfo server, SendFn send);

    // Returns how many Outgoing with ends_request the frame will cause for
    // `exchange`: one per request, or one for a whole batch (0 or 1).
    std::size_t handle_frame(std::string_view frame, std::uint64_t exchange = 0);
    // The transport dropped a frame over the size limit.
    void reject_oversized_frame(std::size_t limit);

    // Stateless HTTP: this session serves a single POST from a client that
    // initialized (if at all) on another request, so it starts out ready at
    // `revision`. initialize is still answered; nothing that needs a lasting
    // session (subscriptions, list_changed) is offered.
    void assume_initialized(protocol::Revision revision);

    // The client is gone for good (HTTP DELETE, reaped, stream closed):
    // cancels the calls in flight and fails the questions put to the client.
    void close(std::string_view reason);

    // [any-thread]
    bool initialized() const { return initialized_.load(std::memory_order_acquire); }
    protocol::Revision revision() const { return revision_.load(std::memory_order_acquire); }

    // For shutdown: refuses new requests; `on_idle` runs once none is in
    // flight (maybe at once).
    void when_idle(std::function<void()> on_idle);
    // Answers every request still in flight with an error and tells the
    // plugins to stop.
    void abort_in_flight(std::string_view reason);
    std::size_t in_flight() const { return in_flight_.size(); }

    // [any-thread]
    void notify_list_changed(registry::ItemKind kind);
    void notify_resource_updated(const std::string& uri);

    // host::ClientChannel, [any-thread]
    void send_progress(std::uint64_t call_id, const std::string& token_json, double progress,
                       double total, const char* message) override;
    void send_log(std::uint64_t call_id, std::int32_t level, const char* logger,
                  std::string_view data_json) override;
    void ask_client(std::uint64_t call_id, std::int32_t what, std::string params_json,
                    host::AnswerFn answer) override;

  private:
    enum class State { AwaitingInitialize, AwaitingInitialized, Ready };
    class BatchReply;
    struct Replier {
        std::string id;   // raw JSON, echoed in the response
        std::string key;  // json::canonical_id, for matching cancellations
        std::shared_ptr<BatchReply> batch;
        std::uint64_t exchange = 0;
    };
    struct InFlight {
        std::shared_ptr<host::Call> call;
        std::unique_ptr<boost::asio::steady_timer> deadline;
        Replier replier;
    };
    struct PendingAsk {
        std::uint64_t call_id = 0;
        host::AnswerFn answer;
    };

    void handle_entry(const json::Entry& entry, std::uint64_t exchange,
                      const std::shared_ptr<BatchReply>& batch);
    void handle_request(const json::Message& message, Replier replier);
    void handle_notification(const json::Message& message);
    void handle_response(const json::Message& message);
    void initialize(const json::Message& message, Replier replier);
    void set_log_level(const json::Message& message, Replier replier);
    void subscribe(const json::Message& message, Replier replier, bool on);
    void start_call(const json::Message& message, Replier replier);
    void finish(const std::string& key, dispatch::Outcome outcome);
    void cancel_request(const json::Message& message);
    void reply(const Replier& replier, const dispatch::Outcome& outcome);
    void send(Outgoing outgoing);
    // [any-thread] Sends a message about call `call_id` on its exchange.
    void post_about_call(std::uint64_t call_id, std::string frame);
    std::uint64_t exchange_of(std::uint64_t call_id) const;
    void end_asks_of(std::uint64_t call_id);
    void abandon_all(std::int32_t status, std::string_view reason);

    boost::asio::any_io_executor strand_;
    dispatch::Dispatcher& dispatcher_;
    const config::Limits limits_;
    const ServerInfo server_;
    SendFn send_;

    State state_ = State::AwaitingInitialize;
    std::atomic<bool> initialized_ = false;
    std::atomic<protocol::Revision> revision_ = protocol::kLatestRevision;
    dispatch::Capabilities announced_;
    bool client_sampling_ = false;
    bool client_elicitation_form_ = false;
    bool client_elicitation_url_ = false;
    bool client_roots_ = false;
    std::atomic<std::int32_t> log_level_;
    std::set<std::string, std::less<>> subscriptions_;
    std::map<std::string, InFlight, std::less<>> in_flight_;       // by id key
    std::map<std::string, PendingAsk, std::less<>> pending_asks_;  // by id key
    std::uint64_t next_ask_id_ = 1;
    std::optional<dispatch::Outcome> inline_outcome_;  // see start_call
    bool shutting_down_ = false;
    bool closed_ = false;
    bool stateless_ = false;  // see assume_initialized
    std::function<void()> on_idle_;
};

}  // namespace plugboard::session
