// EventStream: ordering, the bounded replay buffer, the end of a stream and
// the connection that consumes it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "transport/http/event_stream.hpp"

namespace plugboard::http_test {
namespace {

using namespace transport::http;

std::vector<std::uint64_t> sequences(const EventStream::Pending& pending) {
    std::vector<std::uint64_t> result;
    for (const auto& event : pending.events)
        result.push_back(event.sequence);
    return result;
}

// Takes the wakeup the channel holds, if any.
bool take_wakeup(Wakeup& wakeup) {
    return wakeup.try_receive([](boost::system::error_code) {});
}

TEST(EventStream, EventsAreNumberedInPushOrder) {
    EventStream stream(4, 8);
    EXPECT_EQ(stream.number(), 4u);
    stream.push("a");
    stream.push("b");
    stream.push("c");
    const auto all = stream.after(0);
    EXPECT_EQ(sequences(all), (std::vector<std::uint64_t>{1, 2, 3}));
    ASSERT_EQ(all.events.size(), 3u);
    EXPECT_EQ(all.events[0].data, "a");
    EXPECT_EQ(all.events[2].data, "c");
    EXPECT_FALSE(all.finished);
    EXPECT_FALSE(all.gap);

    const auto rest = stream.after(2);
    ASSERT_EQ(rest.events.size(), 1u);
    EXPECT_EQ(rest.events[0].sequence, 3u);
    EXPECT_EQ(rest.events[0].data, "c");
    EXPECT_TRUE(stream.after(3).events.empty());
    EXPECT_TRUE(stream.after(9).events.empty());
    EXPECT_FALSE(stream.after(9).gap);
}

TEST(EventStream, ReplayKeepsOnlyTheNewestEvents) {
    EventStream stream(1, 2);
    for (const char* data : {"1", "2", "3", "4"})
        stream.push(data);
    const auto from_start = stream.after(0);
    EXPECT_EQ(sequences(from_start), (std::vector<std::uint64_t>{3, 4}));
    EXPECT_EQ(from_start.events[0].data, "3");
    EXPECT_TRUE(from_start.gap);
    // Event 2 was evicted, so a reader that has 1 missed something.
    EXPECT_TRUE(stream.after(1).gap);
    EXPECT_FALSE(stream.after(2).gap);
    EXPECT_EQ(sequences(stream.after(2)), (std::vector<std::uint64_t>{3, 4}));
    EXPECT_FALSE(stream.after(4).gap);
}

TEST(EventStream, AZeroReplayLimitStillKeepsTheLastEvent) {
    EventStream stream(1, 0);
    stream.push("1");
    stream.push("2");
    const auto pending = stream.after(0);
    EXPECT_EQ(sequences(pending), (std::vector<std::uint64_t>{2}));
    EXPECT_TRUE(pending.gap);
}

TEST(EventStream, FinishEndsTheStream) {
    EventStream stream(1, 8);
    stream.push("a");
    EXPECT_FALSE(stream.finished());
    stream.finish();
    EXPECT_TRUE(stream.finished());
    stream.push("late");
    const auto pending = stream.after(0);
    EXPECT_TRUE(pending.finished);
    EXPECT_EQ(sequences(pending), (std::vector<std::uint64_t>{1}));
}

TEST(EventStream, PushAndFinishWakeTheAttachedConnection) {
    boost::asio::io_context io;
    EventStream stream(1, 8);
    EXPECT_FALSE(stream.attached());
    const auto wakeup = stream.attach(io.get_executor());
    EXPECT_TRUE(stream.attached());
    EXPECT_TRUE(stream.is_attached(wakeup));
    EXPECT_FALSE(wakeup->ready());

    // Several pushes leave one wakeup: the reader then takes all it missed.
    stream.push("a");
    stream.push("b");
    EXPECT_TRUE(take_wakeup(*wakeup));
    EXPECT_FALSE(take_wakeup(*wakeup));

    stream.finish();
    EXPECT_TRUE(take_wakeup(*wakeup));
}

TEST(EventStream, ASecondConnectionTakesTheStreamOver) {
    boost::asio::io_context io;
    EventStream stream(1, 8);
    const auto first = stream.attach(io.get_executor());
    const auto second = stream.attach(io.get_executor());
    EXPECT_NE(first, second);
    EXPECT_FALSE(stream.is_attached(first));
    EXPECT_TRUE(stream.is_attached(second));
    // The first is woken to notice it lost the stream.
    EXPECT_TRUE(take_wakeup(*first));
    EXPECT_FALSE(take_wakeup(*second));

    stream.push("a");
    EXPECT_FALSE(take_wakeup(*first));
    EXPECT_TRUE(take_wakeup(*second));

    // The replaced connection leaving does not detach the new one.
    stream.detach(first, 0);
    EXPECT_TRUE(stream.attached());
    EXPECT_TRUE(stream.is_attached(second));
    stream.detach(second, 1);
    EXPECT_FALSE(stream.attached());
    EXPECT_FALSE(stream.is_attached(second));
}

TEST(EventStream, WrittenIsTheFurthestAnyConnectionGot) {
    boost::asio::io_context io;
    EventStream stream(1, 8);
    EXPECT_EQ(stream.written(), 0u);
    for (const char* data : {"1", "2", "3"})
        stream.push(data);
    const auto first = stream.attach(io.get_executor());
    stream.detach(first, 2);
    EXPECT_EQ(stream.written(), 2u);
    const auto second = stream.attach(io.get_executor());
    stream.detach(second, 1);
    EXPECT_EQ(stream.written(), 2u);
}

TEST(EventStream, DoneOnceFinishedAndFullyWritten) {
    boost::asio::io_context io;
    EventStream stream(1, 8);
    stream.push("1");
    stream.push("2");
    EXPECT_FALSE(stream.done());
    const auto wakeup = stream.attach(io.get_executor());
    stream.detach(wakeup, 2);
    EXPECT_FALSE(stream.done()) << "not finished yet";
    stream.finish();
    EXPECT_TRUE(stream.done());
}

TEST(EventStream, FinishedButUnreadIsNotDone) {
    boost::asio::io_context io;
    EventStream stream(1, 8);
    stream.push("1");
    stream.push("2");
    stream.finish();
    EXPECT_FALSE(stream.done());
    const auto wakeup = stream.attach(io.get_executor());
    stream.detach(wakeup, 1);
    EXPECT_FALSE(stream.done());
}

TEST(EventStream, FinishedWithoutEventsIsDone) {
    EventStream stream(1, 8);
    stream.finish();
    EXPECT_TRUE(stream.done());
}

}  // namespace
}  // namespace plugboard::http_test
