// The SSE wire text and the event ids that name a stream and a position.
#include <gtest/gtest.h>

#include <limits>

#include "transport/http/event_stream.hpp"

namespace plugboard::http_test {
namespace {

using namespace transport::http;

TEST(SseFormat, MessageEvent) {
    EXPECT_EQ(format_message_event("3-1", R"({"jsonrpc":"2.0","id":1,"result":{}})"),
              "id: 3-1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n");
}

TEST(SseFormat, PrimingEventHasAnEmptyDataLine) {
    EXPECT_EQ(format_priming_event("2-0", 1000), "id: 2-0\nretry: 1000\ndata: \n\n");
    EXPECT_EQ(format_priming_event("7-0", 0), "id: 7-0\nretry: 0\ndata: \n\n");
}

TEST(SseFormat, NamedEvent) {
    EXPECT_EQ(format_named_event("endpoint", "/messages?sessionId=0123abcd"),
              "event: endpoint\ndata: /messages?sessionId=0123abcd\n\n");
}

TEST(SseFormat, EmptyDataIsOneEmptyDataLine) {
    EXPECT_EQ(format_message_event("1-1", ""), "id: 1-1\nevent: message\ndata: \n\n");
}

// A raw line break inside data would end the field; each line gets its own.
TEST(SseFormat, LineFeedsSplitData) {
    EXPECT_EQ(format_message_event("1-2", "{\n\"a\": 1\n}"),
              "id: 1-2\nevent: message\ndata: {\ndata: \"a\": 1\ndata: }\n\n");
}

TEST(SseFormat, CarriageReturnLineFeedIsOneBreak) {
    EXPECT_EQ(format_named_event("message", "{\r\n\"a\":1\r\n}"),
              "event: message\ndata: {\ndata: \"a\":1\ndata: }\n\n");
}

TEST(SseFormat, LoneCarriageReturnAndBlankLines) {
    EXPECT_EQ(format_named_event("message", "a\rb"), "event: message\ndata: a\ndata: b\n\n");
    EXPECT_EQ(format_named_event("message", "a\n\nb"),
              "event: message\ndata: a\ndata: \ndata: b\n\n");
    EXPECT_EQ(format_named_event("message", "a\n"), "event: message\ndata: a\ndata: \n\n");
    EXPECT_EQ(format_named_event("message", "a\n\r"),
              "event: message\ndata: a\ndata: \ndata: \n\n");
}

TEST(SseFormat, KeepaliveIsAComment) {
    EXPECT_EQ(kKeepaliveComment, ": keepalive\n\n");
}

TEST(EventId, RoundTrips) {
    EXPECT_EQ(event_id(3, 17), "3-17");
    EXPECT_EQ(event_id(1, 0), "1-0");
    constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
    for (const auto& [stream, sequence] :
         {std::pair<std::uint64_t, std::uint64_t>{3, 17}, {1, 0}, {kMax, kMax}, {0, 5}}) {
        const auto position = parse_event_id(event_id(stream, sequence));
        ASSERT_TRUE(position) << event_id(stream, sequence);
        EXPECT_EQ(position->stream, stream);
        EXPECT_EQ(position->sequence, sequence);
    }
}

TEST(EventId, RefusesMalformedIds) {
    for (const std::string_view id :
         {"", "3", "-", "-1", "3-", "a-1", "3-b", "3-1x", " 3-1", "3-1 ", "3--1", "+3-1", "3-+1",
          "3-1-2", "0x3-1", "99999999999999999999-1", "1-99999999999999999999"}) {
        EXPECT_FALSE(parse_event_id(id)) << '"' << id << '"';
    }
}

}  // namespace
}  // namespace plugboard::http_test
