// Draining a session at shutdown: when_idle and abort_in_flight.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "protocol/errors.hpp"
#include "session_harness.hpp"

namespace plugboard::core_test {
namespace {

namespace bj = boost::json;

void on_strand(SessionHarness& harness, std::function<void()> work) {
    bool done = false;
    boost::asio::post(harness.strand, [&] {
        work();
        done = true;
    });
    ASSERT_TRUE(harness.run_until([&] { return done; }));
}

TEST(SessionShutdown, IdleSessionIsIdleAtOnce) {
    SessionHarness harness;
    harness.handshake();
    int idle = 0;
    on_strand(harness, [&] { harness.session->when_idle([&] { ++idle; }); });
    EXPECT_EQ(idle, 1);
}

TEST(SessionShutdown, WaitsForCallsAndRefusesNewOnes) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request("1", "tools/call", R"({"name":"slow"})");
    const auto deferred = harness.probe.next_deferred();
    ASSERT_TRUE(deferred);

    int idle = 0;
    on_strand(harness, [&] { harness.session->when_idle([&] { ++idle; }); });
    EXPECT_EQ(idle, 0);

    const bj::value refused = harness.request("2", "tools/call", R"({"name":"slow"})");
    EXPECT_EQ(refused.at("error").at("code"), protocol::kInternalError);
    EXPECT_EQ(refused.at("error").at("message"), "The server is shutting down");
    EXPECT_EQ(harness.request("3", "ping").at("result"), bj::object{});
    EXPECT_EQ(idle, 0);

    const std::string result = R"({"content":[]})";
    host_api().complete(deferred->call, PB_OK, result.data(), result.size());
    EXPECT_EQ(harness.wait_response("1").at("result"), bj::parse(result));
    harness.run_ready();
    EXPECT_EQ(idle, 1);
}

TEST(SessionShutdown, AbortAnswersEveryCallAndTellsThePlugins) {
    SessionHarness harness;
    harness.add_tool("slow", deferring_handler);
    harness.handshake();
    harness.feed_request("1", "tools/call", R"({"name":"slow"})");
    harness.feed_request(R"("b")", "tools/call", R"({"name":"slow"})");
    ASSERT_TRUE(harness.run_until([&] { return harness.probe.handler_runs.load() == 2; }));

    int idle = 0;
    on_strand(harness, [&] {
        harness.session->when_idle([&] { ++idle; });
        harness.session->abort_in_flight("The server is shutting down");
    });
    for (std::string_view id : {"1", R"("b")"}) {
        const bj::value response = harness.wait_response(id);
        EXPECT_EQ(response.at("error").at("code"), protocol::kInternalError) << id;
        EXPECT_EQ(response.at("error").at("message"), "The server is shutting down") << id;
    }
    harness.run_ready();
    EXPECT_EQ(idle, 1);
    EXPECT_EQ(harness.probe.cancel_notices.load(), 2);
    EXPECT_EQ(harness.session->in_flight(), 0u);

    // The plugins' late completions change nothing.
    EXPECT_EQ(harness.probe.complete_deferred(PB_OK), 2u);
    harness.run_ready();
    EXPECT_EQ(harness.sent.size(), 2u);
}

}  // namespace
}  // namespace plugboard::core_test
