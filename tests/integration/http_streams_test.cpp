// Server-Sent Events on the Streamable HTTP transport: a request's stream
// (priming event, progress and server-to-client requests before the
// response), resumption with Last-Event-ID, the standalone GET stream and
// keepalive comments.
#include <set>
#include <thread>

#include "http_fixture.hpp"

namespace plugboard::integration {
namespace {

using HttpStreamsTest = HttpTest;

constexpr std::string_view kReconnectionResult =
    "Reconnection test completed successfully. If you received this, the client properly "
    "reconnected after stream closure.";

// The conformance fixture with a watched resource that changes every 200 ms.
constexpr std::string_view kWatchedResourcePlugins =
    "  conformance:\n"
    "    path: ${TEST_PLUGINS}/conformance.so\n"
    "    config: {watched_resource_interval_ms: 200}\n";

bj::object with_progress_token(bj::object request, std::string_view token) {
    request["params"].as_object()["_meta"] = {{"progressToken", token}};
    return request;
}

// Reads events until the stream ends or `timeout` passes.
std::vector<SseEvent> read_to_end(HttpConnection& connection, Milliseconds timeout = 3s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<SseEvent> events;
    while (auto event = connection.next_event(std::chrono::duration_cast<Milliseconds>(
               deadline - std::chrono::steady_clock::now()))) {
        events.push_back(std::move(*event));
    }
    return events;
}

std::vector<bj::object> payloads(const std::vector<SseEvent>& events) {
    std::vector<bj::object> messages;
    for (const SseEvent& event : events) {
        if (event.has_payload()) messages.push_back(event.message());
    }
    return messages;
}

HttpRequest resume_request(const McpSession& session, std::string_view last_event_id) {
    HttpRequest request = session.get_request();
    request.set("Last-Event-ID", last_event_id);
    return request;
}

void expect_stream_headers(const HttpResponse& head) {
    EXPECT_EQ(head.result_int(), 200) << head;
    EXPECT_EQ(media_type(head[http::field::content_type]), "text/event-stream") << head;
    EXPECT_NE(head[http::field::cache_control].find("no-cache"), std::string_view::npos) << head;
    EXPECT_EQ(head["X-Accel-Buffering"], "no") << head;
}

TEST_F(HttpStreamsTest, ProgressGoesOnTheRequestStreamBeforeItsResponse) {
    start_http("sse:\n  retry_ms: 750\n");
    McpSession session(port());
    const auto call = with_progress_token(
        session.next_request("tools/call", tool_call("test_tool_with_progress")), "p-1");
    HttpConnection connection(port());
    expect_stream_headers(connection.open_stream(session.post_request(call)));

    const auto priming = connection.next_event();
    ASSERT_TRUE(priming.has_value());
    EXPECT_TRUE(priming->id && !priming->id->empty()) << "the priming event needs an id";
    EXPECT_EQ(priming->retry, "750");
    EXPECT_EQ(priming->data, "");

    const auto events = read_to_end(connection);
    EXPECT_TRUE(connection.stream_ended()) << "the stream must end after the response";
    std::set<std::string> ids{priming->id.value_or("")};
    std::vector<bj::object> messages;
    for (const SseEvent& event : events) {
        if (event.is_comment_only()) continue;
        EXPECT_EQ(event.event, "message");
        ASSERT_TRUE(event.id.has_value()) << event.data.value_or("");
        EXPECT_TRUE(ids.insert(*event.id).second) << "event id used twice: " << *event.id;
        messages.push_back(event.message());
    }
    ASSERT_EQ(messages.size(), 4u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(messages[i].at("method"), "notifications/progress");
        const auto& params = messages[i].at("params").as_object();
        EXPECT_EQ(params.at("progressToken"), "p-1");
        EXPECT_EQ(params.at("progress").to_number<double>(), 50.0 * static_cast<double>(i));
    }
    EXPECT_EQ(messages[3].at("id"), call.at("id"));
    EXPECT_EQ(first_text(result_of(messages[3])), "Tool with progress executed successfully");
}

TEST_F(HttpStreamsTest, LogMessagesGoOnTheRequestStream) {
    start_http();
    McpSession session(port());
    ASSERT_EQ(result_of(session.request("logging/setLevel", {{"level", "debug"}})), bj::object{});
    const auto answer =
        session.post(session.next_request("tools/call", tool_call("test_tool_with_logging")));
    ASSERT_EQ(media_type(answer[http::field::content_type]), "text/event-stream") << answer;
    const auto messages = sse_messages(answer.body());
    ASSERT_EQ(messages.size(), 4u) << answer.body();
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_EQ(messages[i].at("method"), "notifications/message");
    EXPECT_EQ(first_text(result_of(messages[3])), "Tool with logging executed successfully");
}

TEST_F(HttpStreamsTest, SessionsBefore20251125GetNoPrimingEvent) {
    start_http();
    McpSession session(port(), {}, "2025-06-18");
    const auto call = with_progress_token(
        session.next_request("tools/call", tool_call("test_tool_with_progress")), "p-2");
    HttpConnection connection(port());
    ASSERT_EQ(connection.open_stream(session.post_request(call)).result_int(), 200);
    auto first = connection.next_event();
    while (first && first->is_comment_only())
        first = connection.next_event();
    ASSERT_TRUE(first.has_value());
    ASSERT_TRUE(first->has_payload()) << "a priming event on a 2025-06-18 session";
    EXPECT_EQ(first->message().at("method"), "notifications/progress");
}

TEST_F(HttpStreamsTest, ASamplingRequestGoesOnTheCallStreamAndItsAnswerIsPostedBack) {
    start_http();
    McpSession session(port(), {{"sampling", bj::object{}}});
    const auto call =
        session.next_request("tools/call", tool_call("test_sampling", {{"prompt", "2+2?"}}));
    HttpConnection connection(port());
    ASSERT_EQ(connection.open_stream(session.post_request(call)).result_int(), 200);

    const auto request = connection.next_message();
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request->at("method"), "sampling/createMessage");
    EXPECT_EQ(request->at("params").at("messages").at(0).at("content").at("text"), "2+2?");
    const bj::object answer{{"jsonrpc", "2.0"},
                            {"id", request->at("id")},
                            {"result",
                             {{"role", "assistant"},
                              {"content", {{"type", "text"}, {"text", "4"}}},
                              {"model", "test-model"}}}};
    const auto posted = session.post(answer);
    EXPECT_EQ(posted.result_int(), 202);
    EXPECT_TRUE(posted.body().empty());

    const auto response = connection.next_message();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->at("id"), call.at("id"));
    EXPECT_EQ(first_text(result_of(*response)), "LLM response: 4");
    EXPECT_FALSE(connection.next_message(1s).has_value());
    EXPECT_TRUE(connection.stream_ended());

    EXPECT_EQ(session.post(answer).result_int(), 202) << "a second answer is dropped quietly";
    EXPECT_EQ(result_of(session.request("ping")), bj::object{});
}

TEST_F(HttpStreamsTest, AnAnswerFromAnotherSessionDoesNotReachTheCall) {
    start_http();
    McpSession asked(port(), {{"sampling", bj::object{}}});
    McpSession intruder(port(), {{"sampling", bj::object{}}});
    const auto call =
        asked.next_request("tools/call", tool_call("test_sampling", {{"prompt", "secret?"}}));
    HttpConnection connection(port());
    ASSERT_EQ(connection.open_stream(asked.post_request(call)).result_int(), 200);
    const auto request = connection.next_message();
    ASSERT_TRUE(request.has_value());
    auto sampled = [&](std::string_view text) {
        return bj::object{{"jsonrpc", "2.0"},
                          {"id", request->at("id")},
                          {"result",
                           {{"role", "assistant"},
                            {"content", {{"type", "text"}, {"text", text}}},
                            {"model", "test-model"}}}};
    };
    intruder.post(sampled("forged"));
    EXPECT_FALSE(connection.next_message(500ms).has_value())
        << "another session answered this session's sampling request";
    EXPECT_EQ(asked.post(sampled("genuine")).result_int(), 202);
    const auto response = connection.next_message();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(first_text(result_of(*response)), "LLM response: genuine");
}

TEST_F(HttpStreamsTest, ProgressStaysOnItsOwnRequestsStream) {
    start_http();
    McpSession session(port());
    HttpConnection first(port());
    HttpConnection second(port());
    ASSERT_EQ(
        first
            .open_stream(session.post_request(with_progress_token(
                session.next_request("tools/call", tool_call("test_tool_with_progress")), "first")))
            .result_int(),
        200);
    ASSERT_EQ(second
                  .open_stream(session.post_request(with_progress_token(
                      session.next_request("tools/call", tool_call("test_tool_with_progress")),
                      "second")))
                  .result_int(),
              200);
    for (auto [connection, token] : {std::pair{&first, "first"}, std::pair{&second, "second"}}) {
        const auto messages = payloads(read_to_end(*connection));
        ASSERT_EQ(messages.size(), 4u) << token;
        for (std::size_t i = 0; i < 3; ++i)
            EXPECT_EQ(messages[i].at("params").at("progressToken"), token);
    }
}

TEST_F(HttpStreamsTest, ADroppedPostStreamResumesWithLastEventIdAndTheCallGoesOn) {
    start_http();
    McpSession session(port());
    const auto call = session.next_request("tools/call", tool_call("test_reconnection"));
    std::string last_event_id;
    {
        HttpConnection connection(port());
        ASSERT_EQ(connection.open_stream(session.post_request(call)).result_int(), 200);
        const auto priming = connection.next_event();
        ASSERT_TRUE(priming && priming->id) << "no priming event with an id";
        last_event_id = *priming->id;
    }
    HttpConnection resumed(port());
    expect_stream_headers(resumed.open_stream(resume_request(session, last_event_id)));
    const auto response = resumed.next_message(5s);
    ASSERT_TRUE(response.has_value()) << "no response on the resumed stream";
    EXPECT_EQ(response->at("id"), call.at("id"));
    const auto& result = result_of(*response);
    EXPECT_FALSE(is_tool_error(result)) << bj::serialize(result);
    EXPECT_EQ(first_text(result), kReconnectionResult);
}

TEST_F(HttpStreamsTest, ResumingReplaysExactlyTheEventsAfterTheLastEventId) {
    start_http();
    McpSession session(port());
    const auto call = with_progress_token(
        session.next_request("tools/call", tool_call("test_tool_with_progress")), "p-3");
    std::string last_event_id;
    {
        HttpConnection connection(port());
        ASSERT_EQ(connection.open_stream(session.post_request(call)).result_int(), 200);
        std::optional<SseEvent> first_progress;
        while ((first_progress = connection.next_event()) && !first_progress->has_payload()) {
        }
        ASSERT_TRUE(first_progress && first_progress->id);
        EXPECT_EQ(first_progress->message().at("params").at("progress").to_number<double>(), 0.0);
        last_event_id = *first_progress->id;
    }
    std::this_thread::sleep_for(500ms);  // the call ends while no client listens

    HttpConnection resumed(port());
    ASSERT_EQ(resumed.open_stream(resume_request(session, last_event_id)).result_int(), 200);
    const auto messages = payloads(read_to_end(resumed));
    EXPECT_TRUE(resumed.stream_ended()) << "the resumed stream must end after the response";
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[0].at("params").at("progress").to_number<double>(), 50.0);
    EXPECT_EQ(messages[1].at("params").at("progress").to_number<double>(), 100.0);
    EXPECT_EQ(messages[2].at("id"), call.at("id"));
}

TEST_F(HttpStreamsTest, TheServerClosesPostStreamsForPollingAndTheClientResumes) {
    start_http("sse:\n  close_post_streams_after_ms: 300\n");
    McpSession session(port());
    const auto call = session.next_request("tools/call", tool_call("test_reconnection"));
    HttpConnection connection(port());
    ASSERT_EQ(connection.open_stream(session.post_request(call)).result_int(), 200);
    const auto events = read_to_end(connection, 1200ms);
    ASSERT_TRUE(connection.stream_ended()) << "the POST stream stayed open past 300 ms";
    EXPECT_TRUE(payloads(events).empty()) << "the 1.5 s call cannot have answered yet";
    std::string last_event_id;
    for (const SseEvent& event : events) {
        if (event.id) last_event_id = *event.id;
    }
    ASSERT_FALSE(last_event_id.empty()) << "no event id to resume from";

    HttpConnection resumed(port());
    ASSERT_EQ(resumed.open_stream(resume_request(session, last_event_id)).result_int(), 200);
    std::optional<bj::object> response;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    // The resumed stream may be closed for polling again; resume until the response.
    while (!response && std::chrono::steady_clock::now() < deadline) {
        for (const SseEvent& event : read_to_end(resumed, 2s)) {
            if (event.id) last_event_id = *event.id;
            if (event.has_payload()) response = event.message();
        }
        if (!response && resumed.stream_ended()) {
            ASSERT_EQ(resumed.open_stream(resume_request(session, last_event_id)).result_int(),
                      200);
        }
    }
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->at("id"), call.at("id"));
    EXPECT_EQ(first_text(result_of(*response)), kReconnectionResult);
}

TEST_F(HttpStreamsTest, AnUnknownLastEventIdIsRefused) {
    start_http();
    McpSession session(port());
    const auto answer = exchange(resume_request(session, "no-such-event"));
    EXPECT_EQ(answer.result_int(), 400) << answer;
}

TEST_F(HttpStreamsTest, AnotherSessionsEventIdResumesNothing) {
    start_http();
    McpSession owner(port());
    McpSession intruder(port());
    const auto call = owner.next_request("tools/call", tool_call("test_reconnection"));
    std::string event_id;
    {
        HttpConnection connection(port());
        ASSERT_EQ(connection.open_stream(owner.post_request(call)).result_int(), 200);
        const auto priming = connection.next_event();
        ASSERT_TRUE(priming && priming->id);
        event_id = *priming->id;
    }
    HttpConnection stolen(port());
    const auto& head = stolen.open_stream(resume_request(intruder, event_id));
    if (head.result_int() == 200) {
        for (const bj::object& message : payloads(read_to_end(stolen, 2500ms))) {
            EXPECT_NE(message.if_contains("id") ? message.at("id") : bj::value(), call.at("id"))
                << "another session's response leaked: " << bj::serialize(message);
        }
    } else {
        EXPECT_GE(head.result_int(), 400u);
        EXPECT_LT(head.result_int(), 500u);
    }
    HttpConnection resumed(port());
    ASSERT_EQ(resumed.open_stream(resume_request(owner, event_id)).result_int(), 200);
    const auto response = resumed.next_message(5s);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->at("id"), call.at("id"));
}

TEST_F(HttpStreamsTest, OneStandaloneStreamPerSession) {
    start_http("sse:\n  keepalive_interval_ms: 200\n");
    McpSession session(port());
    McpSession other(port());
    {
        HttpConnection first(port());
        expect_stream_headers(first.open_stream(session.get_request()));
        EXPECT_EQ(exchange(session.get_request()).result_int(), 409);
        HttpConnection other_stream(port());
        EXPECT_EQ(other_stream.open_stream(other.get_request()).result_int(), 200)
            << "each session has its own standalone stream";
    }
    // Once the daemon notices the first stream is gone, a new one may open.
    unsigned status = 0;
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
        HttpConnection again(port());
        status = again.open_stream(session.get_request()).result_int();
        if (status == 200) break;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(status, 200u);
}

TEST_F(HttpStreamsTest, AGetMustAcceptAnEventStream) {
    start_http();
    McpSession session(port());
    auto request = session.get_request();
    request.set(http::field::accept, "application/json");
    EXPECT_EQ(exchange(request).result_int(), 406);
}

TEST_F(HttpStreamsTest, ListChangedGoesOnTheStandaloneStream) {
    start_http();
    McpSession session(port());
    HttpConnection stream(port());
    ASSERT_EQ(stream.open_stream(session.get_request()).result_int(), 200);
    const auto added =
        result_of(session.request("tools/call", tool_call("add_tool", {{"name", "dynamic"}})));
    EXPECT_EQ(first_text(added), "added");
    const auto notification = stream.next_message(3s);
    ASSERT_TRUE(notification.has_value()) << "no list_changed on the standalone stream";
    EXPECT_EQ(notification->at("method"), "notifications/tools/list_changed");
}

TEST_F(HttpStreamsTest, ResourceUpdatesGoOnTheStandaloneStream) {
    start_http("", "", kWatchedResourcePlugins);
    McpSession session(port());
    HttpConnection stream(port());
    ASSERT_EQ(stream.open_stream(session.get_request()).result_int(), 200);
    EXPECT_EQ(
        result_of(session.request("resources/subscribe", {{"uri", "test://watched-resource"}})),
        bj::object{});
    const auto notification = stream.next_message(3s);
    ASSERT_TRUE(notification.has_value()) << "no resources/updated on the standalone stream";
    EXPECT_EQ(notification->at("method"), "notifications/resources/updated");
    EXPECT_EQ(notification->at("params").at("uri"), "test://watched-resource");
}

TEST_F(HttpStreamsTest, ResourceUpdatesReachOnlyTheSubscribedSession) {
    start_http("", "", kWatchedResourcePlugins);
    McpSession subscribed(port());
    McpSession bystander(port());
    HttpConnection subscribed_stream(port());
    HttpConnection bystander_stream(port());
    ASSERT_EQ(subscribed_stream.open_stream(subscribed.get_request()).result_int(), 200);
    ASSERT_EQ(bystander_stream.open_stream(bystander.get_request()).result_int(), 200);
    result_of(subscribed.request("resources/subscribe", {{"uri", "test://watched-resource"}}));
    const auto updated = subscribed_stream.next_message(3s);
    ASSERT_TRUE(updated.has_value());
    EXPECT_EQ(updated->at("method"), "notifications/resources/updated");
    const auto leaked = bystander_stream.next_message(1s);
    EXPECT_FALSE(leaked.has_value()) << bj::serialize(*leaked);
}

TEST_F(HttpStreamsTest, TheStandaloneStreamResumesWithLastEventId) {
    start_http();
    McpSession session(port());
    std::string last_event_id;
    {
        HttpConnection stream(port());
        ASSERT_EQ(stream.open_stream(session.get_request()).result_int(), 200);
        result_of(session.request("tools/call", tool_call("add_tool", {{"name", "one"}})));
        std::optional<SseEvent> changed;
        while ((changed = stream.next_event(3s)) && !changed->has_payload()) {
        }
        ASSERT_TRUE(changed && changed->id) << "no list_changed event with an id";
        last_event_id = *changed->id;
    }
    result_of(session.request("tools/call", tool_call("add_tool", {{"name", "two"}})));
    HttpConnection resumed(port());
    ASSERT_EQ(resumed.open_stream(resume_request(session, last_event_id)).result_int(), 200);
    const auto missed = resumed.next_message(3s);
    ASSERT_TRUE(missed.has_value()) << "the list_changed sent while away was not replayed";
    EXPECT_EQ(missed->at("method"), "notifications/tools/list_changed");
}

bool is_keepalive(const SseEvent& event) {
    return event.is_comment_only() && !event.comments.empty() &&
           event.comments.front().rfind("keepalive", 0) == 0;
}

TEST_F(HttpStreamsTest, IdleStreamsGetKeepaliveComments) {
    start_http("sse:\n  keepalive_interval_ms: 200\n");
    McpSession session(port());
    HttpConnection standalone(port());
    ASSERT_EQ(standalone.open_stream(session.get_request()).result_int(), 200);
    int keepalives = 0;
    const auto deadline = std::chrono::steady_clock::now() + 1200ms;
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto event = standalone.next_event(300ms); event && is_keepalive(*event)) ++keepalives;
    }
    EXPECT_GE(keepalives, 3) << "on the standalone stream";

    HttpConnection call_stream(port());
    ASSERT_EQ(call_stream
                  .open_stream(session.post_request(
                      session.next_request("tools/call", tool_call("test_reconnection"))))
                  .result_int(),
              200);
    const auto events = read_to_end(call_stream, 4s);
    int call_keepalives = 0;
    for (const SseEvent& event : events)
        call_keepalives += is_keepalive(event) ? 1 : 0;
    EXPECT_GE(call_keepalives, 3) << "on a request's stream during a 1.5 s call";
    ASSERT_FALSE(payloads(events).empty());
    EXPECT_EQ(first_text(result_of(payloads(events).back())), kReconnectionResult);
}

TEST_F(HttpStreamsTest, DeleteEndsTheSessionsStreamsAndCancelsItsCalls) {
    start_http();
    McpSession session(port());
    HttpConnection standalone(port());
    ASSERT_EQ(standalone.open_stream(session.get_request()).result_int(), 200);
    HttpConnection call_stream(port());
    ASSERT_EQ(call_stream
                  .open_stream(session.post_request(session.next_request(
                                   "tools/call", tool_call("sleep", {{"ms", 5000}}))),
                               2s)
                  .result_int(),
              200);
    ASSERT_EQ(exchange(session.delete_request()).result_int(), 200);

    read_to_end(standalone, 2s);
    EXPECT_TRUE(standalone.stream_ended()) << "the standalone stream outlived its session";
    for (const bj::object& message : payloads(read_to_end(call_stream, 2s))) {
        if (message.contains("result")) {
            EXPECT_NE(first_text(message.at("result").as_object()), "slept 5000 ms");
        }
    }
    EXPECT_TRUE(call_stream.stream_ended()) << "the call's stream outlived its session";
}

}  // namespace
}  // namespace plugboard::integration
