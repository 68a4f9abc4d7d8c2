#include "session/session.hpp"

#include <plugboard/plugin.h>
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <utility>

#include "json/json_writer.hpp"
#include "protocol/errors.hpp"

namespace plugboard::session {
namespace {

namespace dom = simdjson::dom;
using dispatch::Outcome;

constexpr std::array<std::string_view, 8> kLogLevels = {"debug", "info",     "notice", "warning",
                                                        "error", "critical", "alert",  "emergency"};

std::string response_frame(std::string_view id, const Outcome& outcome) {
    constexpr std::string_view kHead = R"({"jsonrpc":"2.0","id":)";
    std::string frame;
    // One allocation for the common answer: head, id, result and closers.
    frame.reserve(kHead.size() + id.size() + outcome.result.size() + 16);
    frame += kHead;
    frame += id;
    if (outcome.ok()) {
        frame += R"(,"result":)";
        frame += outcome.result;
    } else {
        frame += R"(,"error":{"code":)";
        frame += std::to_string(outcome.code);
        frame += R"(,"message":)";
        json::append_string(frame, outcome.message);
        if (!outcome.data.empty()) {
            frame += R"(,"data":)";
            frame += outcome.data;
        }
        frame += '}';
    }
    frame += '}';
    return frame;
}

std::string notification_frame(std::string_view method, std::string_view params) {
    std::string frame = R"({"jsonrpc":"2.0","method":")";
    frame += method;
    frame += R"(","params":)";
    frame += params;
    frame += '}';
    return frame;
}

// Members of params via the already-parsed DOM.
std::optional<dom::element> params_member(const json::Message& message, std::string_view key) {
    dom::element value;
    if (message.params.empty() || !message.params_dom.is_object() ||
        message.params_dom[key].get(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> progress_token(const json::Message& message) {
    auto meta = params_member(message, "_meta");
    dom::element token;
    if (!meta || !meta->is_object() || (*meta)["progressToken"].get(token)) return std::nullopt;
    if (!token.is_string() && !token.is_int64() && !token.is_uint64()) return std::nullopt;
    return simdjson::minify(token);
}

// Elicitation params asking for URL mode rather than form mode.
bool is_url_elicitation(std::string_view params_json) {
    thread_local dom::parser parser;
    dom::element params;
    std::string_view mode;
    return !parser.parse(params_json.data(), params_json.size()).get(params) &&
           params.is_object() && !params["mode"].get_string().get(mode) && mode == "url";
}

// The call this thread is starting, while a nonblocking handler may run
// inline: what it sends arrives here, not through a post.
struct StartingCall {
    const Session* session = nullptr;
    const std::string* key = nullptr;
    std::uint64_t exchange = 0;
};
thread_local StartingCall starting_call;

// Whether the client gets an answer to this entry.
bool expects_answer(const json::Entry& entry) {
    if (const auto* invalid = std::get_if<json::InvalidMessage>(&entry)) return invalid->answer;
    return std::get<json::Message>(entry).kind == json::MessageKind::Request;
}

}  // namespace

// Collects the answers to a batch and sends them as one array once every
// request in it is answered (cancelled ones count as answered, silently).
class Session::BatchReply {
  public:
    BatchReply(Session& session, std::uint64_t exchange) : session_(session), exchange_(exchange) {}
    void expect() {
        ++pending_;
        expected_any_ = true;
    }
    void add(std::string response) {
        responses_.push_back(std::move(response));
        settle();
    }
    void skip() { settle(); }
    void seal() {
        sealed_ = true;
        flush();
    }

  private:
    void settle() {
        --pending_;
        flush();
    }
    void flush() {
        if (!sealed_ || pending_ > 0 || sent_) return;
        sent_ = true;
        // Only notifications and responses: handle_frame() promised no answer.
        if (!expected_any_) return;
        std::string frame;
        if (!responses_.empty()) {
            frame = "[";
            for (std::size_t i = 0; i < responses_.size(); ++i) {
                if (i > 0) frame += ',';
                frame += responses_[i];
            }
            frame += ']';
        }
        session_.send(Outgoing{std::move(frame), exchange_, true});
    }

    Session& session_;
    const std::uint64_t exchange_;
    std::size_t pending_ = 0;
    bool sealed_ = false;
    bool sent_ = false;
    bool expected_any_ = false;
    std::vector<std::string> responses_;
};

Session::Session(boost::asio::any_io_executor strand, dispatch::Dispatcher& dispatcher,
                 const config::Limits& limits, ServerInfo server, SendFn send)
    : strand_(std::move(strand)),
      dispatcher_(dispatcher),
      limits_(limits),
      server_(std::move(server)),
      send_(std::move(send)),
      log_level_(PB_LOG_INFO) {}

void Session::send(Outgoing outgoing) {
    send_(std::move(outgoing));
}

std::uint64_t Session::exchange_of(std::uint64_t call_id) const {
    for (const auto& [key, entry] : in_flight_) {
        if (entry.call->id() == call_id) return entry.replier.exchange;
    }
    return 0;
}

void Session::post_about_call(std::uint64_t call_id, std::string frame) {
    if (starting_call.session == this) {
        // A handler running inline: we are on the strand, and its answer
        // must not overtake this.
        return send(Outgoing{std::move(frame), starting_call.exchange});
    }
    boost::asio::post(strand_,
                      [self = shared_from_this(), call_id, frame = std::move(frame)]() mutable {
                          self->send(Outgoing{std::move(frame), self->exchange_of(call_id)});
                      });
}

void Session::reply(const Replier& replier, const Outcome& outcome) {
    if (outcome.suppressed) {
        if (replier.batch) {
            replier.batch->skip();
        } else {
            send(Outgoing{{}, replier.exchange, true});
        }
        return;
    }
    std::string frame = response_frame(replier.id, outcome);
    if (replier.batch) {
        replier.batch->add(std::move(frame));
    } else {
        send(Outgoing{std::move(frame), replier.exchange, true});
    }
}

std::size_t Session::handle_frame(std::string_view text, std::uint64_t exchange) {
    thread_local json::FrameParser parser;
    const json::Frame& frame = parser.parse(text);
    const auto reject = [&](int code, const std::string& reason) -> std::size_t {
        send(
            Outgoing{response_frame("null", Outcome::failure(code, reason)), exchange, true, true});
        return 1;
    };
    if (frame.parse_error) {
        return reject(protocol::kParseError, "Parse error: " + frame.parse_error_detail);
    }
    if (!frame.is_batch) {
        const auto& entry = frame.entries.front();
        // Not a message at all, so there is no request to answer.
        if (const auto* invalid = std::get_if<json::InvalidMessage>(&entry);
            invalid && invalid->answer && invalid->id == "null") {
            return reject(invalid->code, invalid->message);
        }
        handle_entry(entry, exchange, nullptr);
        return expects_answer(entry) ? 1 : 0;
    }
    const protocol::Revision revision = revision_;
    if (state_ == State::AwaitingInitialize || !protocol::allows_batches(revision)) {
        return reject(protocol::kInvalidRequest,
                      state_ == State::AwaitingInitialize
                          ? "Batches are not accepted before initialization"
                          : "Protocol revision " + std::string(protocol::to_string(revision)) +
                                " does not allow JSON-RPC batches");
    }
    auto batch = std::make_shared<BatchReply>(*this, exchange);
    bool answered = false;
    for (const auto& entry : frame.entries) {
        answered = answered || expects_answer(entry);
        handle_entry(entry, exchange, batch);
    }
    batch->seal();
    return answered ? 1 : 0;
}

void Session::reject_oversized_frame(std::size_t limit) {
    send(Outgoing{
        response_frame(
            "null", Outcome::failure(protocol::kInvalidRequest,
                                     "Message larger than the limit of " + std::to_string(limit) +
                                         " bytes (limits.max_message_bytes); it was dropped")),
        0, false, true});
}

void Session::handle_entry(const json::Entry& entry, std::uint64_t exchange,
                           const std::shared_ptr<BatchReply>& batch) {
    if (const auto* invalid = std::get_if<json::InvalidMessage>(&entry)) {
        if (!invalid->answer) return;
        if (batch) batch->expect();
        reply(Replier{invalid->id, {}, batch, exchange},
              Outcome::failure(invalid->code, invalid->message));
        return;
    }
    const auto& message = std::get<json::Message>(entry);
    switch (message.kind) {
        case json::MessageKind::Request:
            if (batch) batch->expect();
            handle_request(message,
                           Replier{std::string(message.id), message.id_key, batch, exchange});
            break;
        case json::MessageKind::Notification:
            handle_notification(message);
            break;
        case json::MessageKind::Response:
            handle_response(message);
            break;
    }
}

void Session::handle_request(const json::Message& message, Replier replier) {
    const std::string_view method = message.method;
    if (method == "initialize") return initialize(message, std::move(replier));
    if (method == "ping") return reply(replier, Outcome::success("{}"));
    if (state_ == State::AwaitingInitialize) {
        return reply(replier,
                     Outcome::failure(protocol::kInvalidRequest,
                                      "The session is not initialized: send initialize first"));
    }
    if (shutting_down_) {
        return reply(replier, Outcome::failure(protocol::kInternalError,
                                               closed_ ? "The session is closed"
                                                       : "The server is shutting down"));
    }
    if (method == "logging/setLevel") return set_log_level(message, std::move(replier));
    if (method == "resources/subscribe") return subscribe(message, std::move(replier), true);
    if (method == "resources/unsubscribe") return subscribe(message, std::move(replier), false);
    start_call(message, std::move(replier));
}

void Session::assume_initialized(protocol::Revision revision) {
    revision_ = revision;
    stateless_ = true;
    state_ = State::Ready;
    initialized_ = true;
}

void Session::initialize(const json::Message& message, Replier replier) {
    if (state_ != State::AwaitingInitialize && !stateless_) {
        return reply(replier, Outcome::failure(protocol::kInvalidRequest,
                                               "initialize was already received"));
    }
    auto version = params_member(message, "protocolVersion");
    std::string_view requested;
    if (!version || version->get_string().get(requested)) {
        return reply(replier, Outcome::failure(protocol::kInvalidParams,
                                               "initialize needs a string \"protocolVersion\""));
    }
    const protocol::Revision revision = protocol::negotiate(requested);
    revision_ = revision;
    if (auto capabilities = params_member(message, "capabilities");
        capabilities && capabilities->is_object()) {
        client_sampling_ = !(*capabilities)["sampling"].error();
        dom::element elicitation;
        if (!(*capabilities)["elicitation"].get(elicitation) && elicitation.is_object()) {
            // An empty object means form mode only, for backward compatibility.
            const bool form = !elicitation["form"].error();
            client_elicitation_url_ = !elicitation["url"].error();
            client_elicitation_form_ = form || !client_elicitation_url_;
        }
        client_roots_ = !(*capabilities)["roots"].error();
    }
    std::string_view client_name = "unknown";
    if (auto info = params_member(message, "clientInfo"); info && info->is_object()) {
        if ((*info)["name"].get_string().get(client_name)) client_name = "unknown";
    }
    spdlog::info("client {} initialized with protocol revision {} (asked for {})", client_name,
                 protocol::to_string(revision), requested);

    announced_ = dispatcher_.capabilities();
    announced_.notifications = !stateless_;
    std::string result = R"({"protocolVersion":")";
    result += protocol::to_string(revision);
    result += R"(","capabilities":)";
    result += announced_.to_json();
    result += R"(,"serverInfo":{"name":)";
    json::append_string(result, server_.name);
    result += R"(,"version":)";
    json::append_string(result, server_.version);
    result += '}';
    if (server_.instructions) {
        result += R"(,"instructions":)";
        json::append_string(result, *server_.instructions);
    }
    result += '}';
    if (!stateless_) state_ = State::AwaitingInitialized;
    initialized_ = true;
    reply(replier, Outcome::success(std::move(result)));
}

void Session::set_log_level(const json::Message& message, Replier replier) {
    auto level = params_member(message, "level");
    std::string_view name;
    if (level && !level->get_string().get(name)) {
        for (std::size_t i = 0; i < kLogLevels.size(); ++i) {
            if (kLogLevels[i] == name) {
                log_level_.store(static_cast<std::int32_t>(i), std::memory_order_relaxed);
                return reply(replier, Outcome::success("{}"));
            }
        }
    }
    reply(replier, Outcome::failure(protocol::kInvalidParams,
                                    "logging/setLevel needs \"level\": one of debug, info, notice, "
                                    "warning, error, critical, alert, emergency"));
}

void Session::subscribe(const json::Message& message, Replier replier, bool on) {
    if (stateless_) {
        return reply(replier, Outcome::failure(protocol::kMethodNotFound,
                                               "Subscriptions need a session; this server runs "
                                               "without sessions (http.stateless)"));
    }
    auto uri = params_member(message, "uri");
    std::string_view text;
    if (!uri || uri->get_string().get(text)) {
        return reply(replier,
                     Outcome::failure(protocol::kInvalidParams, "a string \"uri\" is required"));
    }
    if (on) {
        subscriptions_.emplace(text);
    } else if (auto it = subscriptions_.find(text); it != subscriptions_.end()) {
        subscriptions_.erase(it);
    }
    reply(replier, Outcome::success("{}"));
}

void Session::start_call(const json::Message& message, Replier replier) {
    if (in_flight_.contains(replier.key)) {
        return reply(replier,
                     Outcome::failure(protocol::kInvalidRequest,
                                      "A request with id " + replier.id + " is still in flight"));
    }
    if (in_flight_.size() >= limits_.max_in_flight_per_session) {
        return reply(replier,
                     Outcome::failure(protocol::kInternalError,
                                      "Too many requests in flight (limit " +
                                          std::to_string(limits_.max_in_flight_per_session) + ")"));
    }
    dispatch::RequestContext context;
    context.revision = revision_.load(std::memory_order_relaxed);
    context.params = message.params;
    context.params_dom = message.params_dom;
    context.progress_token = progress_token(message);
    context.channel = weak_from_this();
    auto answer = [self = shared_from_this(), key = replier.key](Outcome outcome) {
        if (starting_call.session == self.get() && *starting_call.key == key) {
            self->inline_outcome_ = std::move(outcome);
            return;
        }
        boost::asio::post(self->strand_, [self, key, outcome = std::move(outcome)]() mutable {
            self->finish(key, std::move(outcome));
        });
    };
    starting_call = {this, &replier.key, replier.exchange};
    auto dispatched = dispatcher_.dispatch(message.method, context, std::move(answer));
    starting_call = {};
    if (auto* outcome = std::get_if<Outcome>(&dispatched)) return reply(replier, *outcome);
    if (inline_outcome_) {
        // A nonblocking handler answered before dispatch returned.
        const Outcome outcome = std::move(*inline_outcome_);
        inline_outcome_.reset();
        return reply(replier, outcome);
    }

    auto call = std::get<std::shared_ptr<host::Call>>(std::move(dispatched));
    const auto timeout = dispatcher_.host().timeout_for(call->item());
    auto deadline = std::make_unique<boost::asio::steady_timer>(strand_, timeout);
    deadline->async_wait([weak_call = std::weak_ptr<host::Call>(call),
                          timeout](boost::system::error_code error) {
        if (error) return;
        if (auto expired = weak_call.lock()) {
            spdlog::warn("plugin {}: {} \"{}\" passed its {} ms deadline",
                         expired->item().plugin_name, registry::to_string(expired->item().kind),
                         expired->item().plugin_key, timeout.count());
            expired->abandon(PB_ERR_TIMEOUT,
                             "Request timed out after " + std::to_string(timeout.count()) + " ms");
        }
    });
    const std::string key = replier.key;
    in_flight_.emplace(key, InFlight{std::move(call), std::move(deadline), std::move(replier)});
}

void Session::finish(const std::string& key, Outcome outcome) {
    auto it = in_flight_.find(key);
    if (it == in_flight_.end()) return;
    InFlight done = std::move(it->second);
    in_flight_.erase(it);
    done.deadline->cancel();
    end_asks_of(done.call->id());
    reply(done.replier, outcome);
    if (in_flight_.empty() && on_idle_) std::exchange(on_idle_, nullptr)();
}

void Session::handle_notification(const json::Message& message) {
    if (message.method == "notifications/initialized") {
        if (state_ == State::AwaitingInitialized) state_ = State::Ready;
    } else if (message.method == "notifications/cancelled") {
        cancel_request(message);
    } else {
        spdlog::debug("notification {} ignored", message.method);
    }
}

void Session::cancel_request(const json::Message& message) {
    auto request_id = params_member(message, "requestId");
    if (!request_id) return;
    auto it = in_flight_.find(json::canonical_id(*request_id));
    if (it == in_flight_.end()) return;  // already answered: the spec says ignore
    spdlog::debug("request {} cancelled by the client", it->second.replier.id);
    it->second.call->abandon(PB_ERR_CANCELLED, "cancelled by the client");
}

void Session::handle_response(const json::Message& message) {
    auto it = pending_asks_.find(message.id_key);
    if (it == pending_asks_.end()) {
        spdlog::warn("response with id {} matches no request of ours; ignored", message.id);
        return;
    }
    host::AnswerFn answer = std::move(it->second.answer);
    pending_asks_.erase(it);
    if (!message.error.empty()) {
        answer(PB_ERR_INTERNAL, "the client answered with an error: " + std::string(message.error));
    } else {
        answer(PB_OK, std::string(message.result));
    }
}

void Session::end_asks_of(std::uint64_t call_id) {
    for (auto it = pending_asks_.begin(); it != pending_asks_.end();) {
        if (it->second.call_id == call_id) {
            it->second.answer(PB_ERR_CANCELLED, "the call ended before the client answered");
            it = pending_asks_.erase(it);
        } else {
            ++it;
        }
    }
}

void Session::when_idle(std::function<void()> on_idle) {
    shutting_down_ = true;
    if (in_flight_.empty()) {
        on_idle();
    } else {
        on_idle_ = std::move(on_idle);
    }
}

void Session::abort_in_flight(std::string_view reason) {
    abandon_all(PB_ERR_INTERNAL, reason);
}

void Session::abandon_all(std::int32_t status, std::string_view reason) {
    // abandon() answers through finish(), which is posted: collect first.
    std::vector<std::shared_ptr<host::Call>> calls;
    for (auto& [id, entry] : in_flight_)
        calls.push_back(entry.call);
    for (auto& call : calls)
        call->abandon(status, std::string(reason));
}

void Session::close(std::string_view reason) {
    if (closed_) return;
    closed_ = true;
    shutting_down_ = true;
    for (auto& [key, ask] : std::exchange(pending_asks_, {}))
        ask.answer(PB_ERR_CANCELLED, "the client's session closed before it answered");
    abandon_all(PB_ERR_CANCELLED, reason);
}

void Session::notify_list_changed(registry::ItemKind kind) {
    boost::asio::post(strand_, [self = shared_from_this(), kind] {
        // Only what was announced: a client may not expect the rest.
        if (self->state_ != State::Ready || self->stateless_ || !self->announced_.announces(kind))
            return;
        std::string_view method;
        switch (kind) {
            case registry::ItemKind::Tool:
                method = "notifications/tools/list_changed";
                break;
            case registry::ItemKind::Resource:
            case registry::ItemKind::ResourceTemplate:
                method = "notifications/resources/list_changed";
                break;
            case registry::ItemKind::Prompt:
                method = "notifications/prompts/list_changed";
                break;
            case registry::ItemKind::Completion:
                return;
        }
        self->send(Outgoing{notification_frame(method, "{}")});
    });
}

void Session::notify_resource_updated(const std::string& uri) {
    boost::asio::post(strand_, [self = shared_from_this(), uri] {
        if (self->state_ == State::AwaitingInitialize || !self->subscriptions_.contains(uri))
            return;
        std::string params = R"({"uri":)";
        json::append_string(params, uri);
        params += '}';
        self->send(Outgoing{notification_frame("notifications/resources/updated", params)});
    });
}

void Session::send_progress(std::uint64_t call_id, const std::string& token_json, double progress,
                            double total, const char* message) {
    std::string params = R"({"progressToken":)";
    params += token_json;
    params += R"(,"progress":)";
    json::append_number(params, progress);
    if (total >= 0) {
        params += R"(,"total":)";
        json::append_number(params, total);
    }
    if (message != nullptr && revision() >= protocol::Revision::V2025_03_26) {
        params += R"(,"message":)";
        json::append_string(params, message);
    }
    params += '}';
    post_about_call(call_id, notification_frame("notifications/progress", params));
}

void Session::send_log(std::uint64_t call_id, std::int32_t level, const char* logger,
                       std::string_view data_json) {
    if (level < log_level_.load(std::memory_order_relaxed)) return;
    const auto index = static_cast<std::size_t>(std::clamp(level, 0, 7));
    std::string params = R"({"level":")";
    params += kLogLevels[index];
    params += '"';
    if (logger != nullptr) {
        params += R"(,"logger":)";
        json::append_string(params, logger);
    }
    params += R"(,"data":)";
    params += data_json;
    params += '}';
    post_about_call(call_id, notification_frame("notifications/message", params));
}

void Session::ask_client(std::uint64_t call_id, std::int32_t what, std::string params_json,
                         host::AnswerFn answer) {
    boost::asio::post(
        strand_, [self = shared_from_this(), call_id, what, params = std::move(params_json),
                  answer = std::move(answer)]() mutable {
            std::string_view method;
            std::string_view mode;
            bool allowed = false;
            switch (what) {
                case PB_ASK_SAMPLING:
                    method = "sampling/createMessage", allowed = self->client_sampling_;
                    break;
                case PB_ASK_ELICITATION:
                    method = "elicitation/create";
                    mode = is_url_elicitation(params) ? " in url mode" : " in form mode";
                    allowed = mode == " in url mode" ? self->client_elicitation_url_
                                                     : self->client_elicitation_form_;
                    break;
                case PB_ASK_ROOTS:
                    method = "roots/list", allowed = self->client_roots_;
                    break;
                default:
                    return answer(PB_ERR_BAD_ARGUMENT,
                                  "unknown ask_client kind " + std::to_string(what));
            }
            if (self->closed_) return answer(PB_ERR_CANCELLED, "the client's session is closed");
            if (!allowed) {
                return answer(PB_ERR_UNSUPPORTED, "the client did not declare the capability for " +
                                                      std::string(method) + std::string(mode));
            }
            const std::string name = "plugboard-" + std::to_string(self->next_ask_id_++);
            const std::string id = json::quote(name);
            std::string frame = R"({"jsonrpc":"2.0","id":)";
            frame += id;
            frame += R"(,"method":")";
            frame += method;
            frame += R"(","params":)";
            frame += params;
            frame += '}';
            self->pending_asks_.emplace("s" + name, PendingAsk{call_id, std::move(answer)});
            self->send(Outgoing{std::move(frame), self->exchange_of(call_id)});
        });
}

}  // namespace plugboard::session
