// HttpSession over a real protocol session: which stream each message goes
// on, when an exchange's stream ends, closing, and idleness.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "http_test_support.hpp"
#include "test_items.hpp"

namespace plugboard::http_test {
namespace {

namespace bj = boost::json;
using namespace transport::http;
using core_test::PluginProbe;

class HttpSessionTest : public ::testing::Test {
  protected:
    void make(SessionStyle style, std::size_t replay_limit = 64) {
        session = HttpSession::create("0123456789abcdef0123456789abcdef", style, harness.strand,
                                      replay_limit, protocol_factory(harness));
        harness.registry.set_change_listener(
            [weak = std::weak_ptr<HttpSession>(session)](registry::ItemKind kind) {
                if (auto alive = weak.lock()) alive->protocol().notify_list_changed(kind);
            });
    }

    void TearDown() override {
        if (!session) return;
        EXPECT_TRUE(harness.run_until([&] {
            harness.probe.complete_deferred(PB_ERR_CANCELLED);
            return session->protocol().in_flight() == 0;
        }));
    }

    // Hands the body to the session on its strand, as the endpoints do.
    HttpSession::Delivery deliver(std::string_view body, std::uint64_t exchange) {
        std::optional<HttpSession::Delivery> delivery;
        boost::asio::post(harness.strand, [&, text = std::string(body)] {
            delivery = session->deliver(text, exchange);
        });
        EXPECT_TRUE(harness.run_until([&] { return delivery.has_value(); }));
        harness.run_ready();
        return delivery.value_or(HttpSession::Delivery{});
    }

    struct Posted {
        std::shared_ptr<EventStream> stream;
        HttpSession::Delivery delivery;
    };
    // A POST: a new exchange and the body delivered on it.
    Posted post(std::string_view body) {
        auto stream = session->open_exchange();
        const auto delivery = deliver(body, stream->number());
        return {std::move(stream), delivery};
    }

    // Deferred calls stay with the probe, which TearDown completes.
    bool wait_handler_runs(int runs) {
        return harness.run_until([&] { return harness.probe.handler_runs.load() == runs; });
    }

    bool wait_finished(const EventStream& stream) {
        return harness.run_until([&] { return stream.finished(); });
    }

    void handshake(std::string_view revision = "2025-11-25", std::string_view capabilities = "{}") {
        const Posted initialize = post(initialize_body(revision, capabilities));
        ASSERT_EQ(initialize.delivery.answers, 1u);
        ASSERT_TRUE(initialize.stream->finished());
        const Posted initialized = post(notification_body("notifications/initialized"));
        ASSERT_EQ(initialized.delivery.answers, 0u);
    }

    core_test::SessionHarness harness;
    std::shared_ptr<HttpSession> session;
};

TEST_F(HttpSessionTest, InitializeAnswerGoesOnItsExchangeStreamWhichEnds) {
    make(SessionStyle::Streamable);
    EXPECT_EQ(session->id(), "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(session->style(), SessionStyle::Streamable);
    const auto other = session->open_exchange();
    const Posted posted = post(initialize_body());
    EXPECT_NE(posted.stream->number(), other->number());
    EXPECT_EQ(posted.delivery.answers, 1u);
    EXPECT_EQ(posted.delivery.rejection, std::nullopt);
    EXPECT_TRUE(posted.stream->finished());
    const auto answer = messages(*posted.stream);
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].at("id"), 0);
    EXPECT_EQ(answer[0].at("result").at("protocolVersion"), "2025-11-25");
    EXPECT_TRUE(session->protocol().initialized());
    // Nothing strays onto another exchange or the standalone stream.
    EXPECT_TRUE(messages(*other).empty());
    EXPECT_FALSE(other->finished());
    EXPECT_TRUE(messages(*session->standalone()).empty());
}

TEST_F(HttpSessionTest, NotificationGetsNoAnswerAndItsStreamEnds) {
    make(SessionStyle::Streamable);
    post(initialize_body());
    const Posted posted = post(notification_body("notifications/initialized"));
    EXPECT_EQ(posted.delivery.answers, 0u);
    EXPECT_EQ(posted.delivery.rejection, std::nullopt);
    EXPECT_TRUE(posted.stream->finished());
    EXPECT_TRUE(messages(*posted.stream).empty());
    EXPECT_TRUE(session->quiet());
}

TEST_F(HttpSessionTest, ClientResponsesGetNoAnswer) {
    make(SessionStyle::Streamable);
    handshake();
    const Posted posted = post(R"({"jsonrpc":"2.0","id":"nobody-asked","result":{}})");
    EXPECT_EQ(posted.delivery.answers, 0u);
    EXPECT_TRUE(posted.stream->finished());
}

TEST_F(HttpSessionTest, BodyThatIsNotJsonIsARejection) {
    make(SessionStyle::Streamable);
    const Posted posted = post("{not json");
    EXPECT_EQ(posted.delivery.answers, 1u);
    ASSERT_TRUE(posted.delivery.rejection);
    const bj::value error = core_test::parse_json(*posted.delivery.rejection);
    EXPECT_EQ(error.at("id"), nullptr);
    EXPECT_EQ(error.at("error").at("code"), -32700);
    // The rejection is the HTTP answer, not an event.
    EXPECT_TRUE(messages(*posted.stream).empty());
    EXPECT_TRUE(posted.stream->finished());
    EXPECT_TRUE(session->quiet());
}

TEST_F(HttpSessionTest, JsonThatIsNotJsonRpcIsARejection) {
    make(SessionStyle::Streamable);
    const Posted posted = post(R"({"hello":"world"})");
    ASSERT_TRUE(posted.delivery.rejection);
    EXPECT_EQ(core_test::parse_json(*posted.delivery.rejection).at("error").at("code"), -32600);
    EXPECT_TRUE(posted.stream->finished());
}

TEST_F(HttpSessionTest, ProgressThenResponseOnTheCallsStream) {
    make(SessionStyle::Streamable);
    harness.add_tool("work", core_test::progress_handler);
    handshake();
    const Posted posted =
        post(request_body("1", "tools/call", R"({"name":"work","_meta":{"progressToken":"p"}})"));
    EXPECT_EQ(posted.delivery.answers, 1u);
    ASSERT_TRUE(wait_finished(*posted.stream));
    const auto events = messages(*posted.stream);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].at("method"), "notifications/progress");
    EXPECT_EQ(events[0].at("params").at("progress"), 1);
    EXPECT_EQ(events[1].at("method"), "notifications/progress");
    EXPECT_EQ(events[1].at("params").at("progress"), 2.5);
    EXPECT_EQ(events[2].at("id"), 1);
    EXPECT_EQ(core_test::first_text(events[2].at("result")), "done");
    EXPECT_TRUE(messages(*session->standalone()).empty());
    EXPECT_TRUE(session->quiet());
}

TEST_F(HttpSessionTest, LogMessagesOfACallGoOnItsStream) {
    make(SessionStyle::Streamable);
    harness.add_tool("talk", core_test::logging_handler);
    handshake();
    const Posted posted = post(request_body("1", "tools/call", R"({"name":"talk"})"));
    ASSERT_TRUE(wait_finished(*posted.stream));
    const auto events = messages(*posted.stream);
    ASSERT_EQ(events.size(), 3u);  // warning, error, response: debug is below the level
    EXPECT_EQ(events[0].at("params").at("level"), "warning");
    EXPECT_EQ(events[1].at("params").at("level"), "error");
    EXPECT_EQ(events[2].at("id"), 1);
}

TEST_F(HttpSessionTest, ConcurrentCallsEachAnswerOnTheirOwnStream) {
    make(SessionStyle::Streamable);
    harness.add_tool("slow", core_test::deferring_handler);
    handshake();
    const Posted first =
        post(request_body("1", "tools/call", R"({"name":"slow","arguments":{"n":1}})"));
    const auto first_call = harness.probe.next_deferred();
    const Posted second = post(
        request_body("2", "tools/call",
                     R"({"name":"slow","arguments":{"n":2},"_meta":{"progressToken":"two"}})"));
    const auto second_call = harness.probe.next_deferred();
    ASSERT_TRUE(first_call && second_call);
    EXPECT_FALSE(session->quiet());
    EXPECT_FALSE(first.stream->finished());

    core_test::host_api().progress(second_call->call, 1, 2, "half");
    const std::string result = R"({"content":[]})";
    core_test::host_api().complete(second_call->call, PB_OK, result.data(), result.size());
    ASSERT_TRUE(wait_finished(*second.stream));
    EXPECT_FALSE(first.stream->finished());
    EXPECT_TRUE(messages(*first.stream).empty());
    const auto second_events = messages(*second.stream);
    ASSERT_EQ(second_events.size(), 2u);
    EXPECT_EQ(second_events[0].at("params").at("progressToken"), "two");
    EXPECT_EQ(second_events[1].at("id"), 2);

    core_test::host_api().complete(first_call->call, PB_OK, result.data(), result.size());
    ASSERT_TRUE(wait_finished(*first.stream));
    const auto first_events = messages(*first.stream);
    ASSERT_EQ(first_events.size(), 1u);
    EXPECT_EQ(first_events[0].at("id"), 1);
    EXPECT_TRUE(session->quiet());
}

TEST_F(HttpSessionTest, QuestionToTheClientGoesOnTheCallsStream) {
    make(SessionStyle::Streamable);
    harness.add_tool("ask", core_test::sampling_handler);
    handshake("2025-11-25", R"({"sampling":{}})");
    const Posted call = post(request_body("1", "tools/call", R"({"name":"ask"})"));
    ASSERT_TRUE(harness.run_until([&] { return !messages(*call.stream).empty(); }));
    const bj::value question = messages(*call.stream).front();
    EXPECT_EQ(question.at("method"), "sampling/createMessage");
    EXPECT_FALSE(call.stream->finished());

    const Posted answer =
        post(R"({"jsonrpc":"2.0","id":)" + bj::serialize(question.at("id")) +
             R"(,"result":{"role":"assistant","content":{"type":"text","text":"hi"}}})");
    EXPECT_EQ(answer.delivery.answers, 0u);
    EXPECT_TRUE(answer.stream->finished());
    ASSERT_TRUE(wait_finished(*call.stream));
    const auto events = messages(*call.stream);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].at("id"), 1);
    EXPECT_EQ(harness.probe.answers().size(), 1u);
    EXPECT_TRUE(messages(*answer.stream).empty());
}

TEST_F(HttpSessionTest, CancelledCallEndsItsStreamWithoutAnAnswer) {
    make(SessionStyle::Streamable);
    harness.add_tool("slow", core_test::deferring_handler);
    handshake();
    const Posted call = post(request_body(R"("c")", "tools/call", R"({"name":"slow"})"));
    ASSERT_TRUE(wait_handler_runs(1));
    const Posted cancel =
        post(notification_body("notifications/cancelled", R"({"requestId":"c"})"));
    EXPECT_EQ(cancel.delivery.answers, 0u);
    ASSERT_TRUE(wait_finished(*call.stream));
    EXPECT_TRUE(messages(*call.stream).empty());
    EXPECT_EQ(harness.probe.cancel_notices.load(), 1);
    EXPECT_TRUE(session->quiet());
}

TEST_F(HttpSessionTest, BatchIsOneAnswerOnOneStream) {
    make(SessionStyle::Streamable);
    handshake("2025-03-26");
    const Posted posted = post(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},)"
                               R"({"jsonrpc":"2.0","method":"notifications/whatever"},)"
                               R"({"jsonrpc":"2.0","id":2,"method":"ping"}])");
    EXPECT_EQ(posted.delivery.answers, 1u);
    ASSERT_TRUE(wait_finished(*posted.stream));
    const auto events = messages(*posted.stream);
    ASSERT_EQ(events.size(), 1u);
    ASSERT_TRUE(events[0].is_array());
    EXPECT_EQ(events[0].as_array().size(), 2u);
}

TEST_F(HttpSessionTest, BatchOfNotificationsGetsNoAnswer) {
    make(SessionStyle::Streamable);
    handshake("2025-03-26");
    const Posted posted = post(R"([{"jsonrpc":"2.0","method":"notifications/a"},)"
                               R"({"jsonrpc":"2.0","method":"notifications/b"}])");
    EXPECT_EQ(posted.delivery.answers, 0u);
    EXPECT_TRUE(posted.stream->finished());
    EXPECT_TRUE(messages(*posted.stream).empty());
    EXPECT_TRUE(session->quiet());
}

TEST_F(HttpSessionTest, ListChangedGoesOnTheStandaloneStream) {
    make(SessionStyle::Streamable);
    harness.add_tool("first", core_test::echo_handler);
    handshake();
    const auto standalone = session->standalone();
    EXPECT_EQ(session->standalone(), standalone);
    harness.add_tool("second", core_test::echo_handler);
    ASSERT_TRUE(harness.run_until([&] { return !messages(*standalone).empty(); }));
    const auto events = messages(*standalone);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("method"), "notifications/tools/list_changed");
    EXPECT_FALSE(standalone->finished());
    EXPECT_EQ(session->find_stream(standalone->number()), standalone);
}

TEST_F(HttpSessionTest, LegacySessionSendsEverythingOnItsOneStream) {
    make(SessionStyle::LegacySse);
    harness.add_tool("work", core_test::progress_handler);
    const auto stream = session->standalone();
    EXPECT_EQ(deliver(initialize_body("2024-11-05"), 0).answers, 1u);
    EXPECT_EQ(deliver(notification_body("notifications/initialized"), 0).answers, 0u);
    EXPECT_EQ(
        deliver(request_body("1", "tools/call", R"({"name":"work","_meta":{"progressToken":7}})"),
                0)
            .answers,
        1u);
    ASSERT_TRUE(harness.run_until([&] { return messages(*stream).size() == 4; }));
    const auto events = messages(*stream);
    EXPECT_EQ(events[0].at("id"), 0);
    EXPECT_EQ(events[1].at("method"), "notifications/progress");
    EXPECT_EQ(events[2].at("method"), "notifications/progress");
    EXPECT_EQ(events[3].at("id"), 1);
    EXPECT_FALSE(stream->finished());
    EXPECT_TRUE(session->quiet());
}

TEST_F(HttpSessionTest, LegacySessionSendsRejectionsOnItsStream) {
    make(SessionStyle::LegacySse);
    const auto stream = session->standalone();
    const auto delivery = deliver("{not json", 0);
    EXPECT_EQ(delivery.rejection, std::nullopt);
    const auto events = messages(*stream);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("error").at("code"), -32700);
}

TEST_F(HttpSessionTest, CloseEndsStreamsAndCancelsCalls) {
    make(SessionStyle::Streamable);
    harness.add_tool("slow", core_test::deferring_handler);
    handshake();
    const auto standalone = session->standalone();
    const Posted call = post(request_body("1", "tools/call", R"({"name":"slow"})"));
    ASSERT_TRUE(wait_handler_runs(1));
    EXPECT_FALSE(session->closed());

    session->close("bye");
    EXPECT_TRUE(session->closed());
    EXPECT_TRUE(call.stream->finished());
    EXPECT_TRUE(standalone->finished());
    ASSERT_TRUE(harness.run_until([&] { return session->quiet(); }));
    EXPECT_EQ(harness.probe.cancel_notices.load(), 1);
    EXPECT_TRUE(messages(*call.stream).empty());

    session->close("again");
    EXPECT_TRUE(session->closed());
}

TEST_F(HttpSessionTest, CloseHereEndsTheSessionBeforeItReturns) {
    make(SessionStyle::Stateless);
    harness.add_tool("slow", core_test::deferring_handler);
    harness.add_tool("echo", core_test::echo_handler);
    handshake();
    const Posted call = post(request_body("1", "tools/call", R"({"name":"slow"})"));
    ASSERT_TRUE(wait_handler_runs(1));

    // On the strand, as a stateless POST does: the very next request in the
    // same handler already finds the protocol session closed.
    std::shared_ptr<EventStream> late;
    bool done = false;
    boost::asio::post(harness.strand, [&] {
        session->close_here("request done");
        late = session->open_exchange();
        session->deliver(request_body("2", "tools/call", R"({"name":"echo"})"), late->number());
        done = true;
    });
    ASSERT_TRUE(harness.run_until([&] { return done; }));
    EXPECT_TRUE(session->closed());
    EXPECT_TRUE(call.stream->finished());
    ASSERT_TRUE(harness.run_until([&] { return session->quiet(); }));
    EXPECT_EQ(harness.probe.cancel_notices.load(), 1);
    const auto events = messages(*late);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("error").at("message"), "The session is closed");
}

TEST_F(HttpSessionTest, RequestsAfterCloseAreRefused) {
    make(SessionStyle::Streamable);
    harness.add_tool("echo", core_test::echo_handler);
    handshake();
    session->close("bye");
    harness.run_ready();
    const Posted late = post(request_body("1", "tools/call", R"({"name":"echo"})"));
    ASSERT_TRUE(wait_finished(*late.stream));
    const auto events = messages(*late.stream);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("error").at("message"), "The session is closed");
}

TEST_F(HttpSessionTest, StandaloneStreamMadeAfterCloseIsFinished) {
    make(SessionStyle::Streamable);
    session->close("bye");
    EXPECT_TRUE(session->standalone()->finished());
}

TEST_F(HttpSessionTest, AnsweredStreamsAreKeptForResumptionUntilForgotten) {
    make(SessionStyle::Streamable);
    handshake();
    const Posted ping = post(request_body("1", "ping"));
    ASSERT_TRUE(ping.stream->finished());
    EXPECT_EQ(session->find_stream(ping.stream->number()), ping.stream);
    session->forget_stream(ping.stream->number());
    EXPECT_EQ(session->find_stream(ping.stream->number()), nullptr);
    EXPECT_EQ(session->find_stream(9999), nullptr);
}

TEST_F(HttpSessionTest, StreamOfARequestInFlightCannotBeForgotten) {
    make(SessionStyle::Streamable);
    harness.add_tool("slow", core_test::deferring_handler);
    handshake();
    const Posted call = post(request_body("1", "tools/call", R"({"name":"slow"})"));
    ASSERT_TRUE(wait_handler_runs(1));
    session->forget_stream(call.stream->number());
    EXPECT_EQ(session->find_stream(call.stream->number()), call.stream);
}

TEST_F(HttpSessionTest, OnlyTheNewestUnreadStreamsAreKept) {
    make(SessionStyle::Streamable);
    handshake();
    std::vector<std::shared_ptr<EventStream>> streams;
    for (int i = 0; i < 40; ++i)
        streams.push_back(post(request_body(std::to_string(i), "ping")).stream);
    EXPECT_EQ(session->find_stream(streams.front()->number()), nullptr);
    EXPECT_EQ(session->find_stream(streams.back()->number()), streams.back());
}

TEST_F(HttpSessionTest, FullyReadStreamsAreDropped) {
    make(SessionStyle::Streamable);
    handshake();
    boost::asio::io_context io;
    const Posted read = post(request_body("1", "ping"));
    const auto wakeup = read.stream->attach(io.get_executor());
    read.stream->detach(wakeup, 1);
    // Dropping happens as later exchanges end.
    post(request_body("2", "ping"));
    EXPECT_EQ(session->find_stream(read.stream->number()), nullptr);
}

TEST_F(HttpSessionTest, IdleMeansNothingInFlightAndNoStreamAttached) {
    using Clock = HttpSession::Clock;
    make(SessionStyle::Streamable);
    const auto made = Clock::now();
    EXPECT_TRUE(session->idle_since(made));
    EXPECT_FALSE(session->idle_since(made - std::chrono::hours(1)));
    EXPECT_TRUE(session->quiet());

    const auto exchange = session->open_exchange();
    EXPECT_FALSE(session->quiet());
    EXPECT_FALSE(session->idle_since(Clock::now()));
    deliver(initialize_body(), exchange->number());
    EXPECT_TRUE(session->quiet());
    EXPECT_TRUE(session->idle_since(Clock::now()));

    boost::asio::io_context io;
    const auto wakeup = session->standalone()->attach(io.get_executor());
    EXPECT_TRUE(session->quiet());
    EXPECT_FALSE(session->idle_since(Clock::now()));
    session->standalone()->detach(wakeup, 0);
    EXPECT_TRUE(session->idle_since(Clock::now()));
}

TEST_F(HttpSessionTest, TouchRestartsTheIdleClock) {
    using Clock = HttpSession::Clock;
    make(SessionStyle::Streamable);
    const auto before = Clock::now();
    while (Clock::now() == before) {
    }
    session->touch();
    EXPECT_FALSE(session->idle_since(before));
    EXPECT_TRUE(session->idle_since(Clock::now()));
}

}  // namespace
}  // namespace plugboard::http_test
